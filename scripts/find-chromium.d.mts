/** The path of a runnable Chromium: CHROMIUM_PATH, PLAYWRIGHT_CHROMIUM_EXECUTABLE, or a system install. Throws with the fix when none. */
export function findChromium(env?: Record<string, string | undefined>): string;
/** Flags for Chromium on this network: as root, and no background traffic. */
export const CHROMIUM_ARGS: string[];
