import { ConfigError, env } from "@/lib/env";

/**
 * Validates the configuration when the server starts and ends the process on a bad or unsafe
 * value (a public listen address without sign-in): `next start` run directly skips npm's prestart.
 */
export function refuseInvalidConfig(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n\nThe server refuses to start.`);
    process.exit(1);
  }
}
