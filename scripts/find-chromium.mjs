// Resolves the Chromium that Playwright drives. Browser downloads are blocked on this network,
// so we use the system one; a missing browser is an error with the fix, never a silent skip.
import { accessSync, constants } from "node:fs";

/** Flags for Chromium on this network (docs: environment.md): as root, and no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @returns {string} the path of a runnable Chromium */
export function findChromium(env = process.env) {
  for (const name of ["CHROMIUM_PATH", "PLAYWRIGHT_CHROMIUM_EXECUTABLE"]) {
    const path = env[name];
    if (!path) continue;
    if (isExecutable(path)) return path;
    throw new Error(`${name} is set to ${path}, which is not an executable file. Point it at a Chromium binary or unset it.`);
  }
  const found = CANDIDATES.find(isExecutable);
  if (found) return found;
  throw new Error(
    "Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH " +
      `(looked in ${CANDIDATES.join(", ")}).`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(findChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
