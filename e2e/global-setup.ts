import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

// Each e2e run gets its own embedded database under .data/e2e-* (~40 MB). Remove those left by
// runs more than six hours old; a run still going elsewhere in this checkout is younger than that.
const MAX_AGE_MS = 6 * 60 * 60 * 1000;

export default function globalSetup() {
  const dataDir = path.join(import.meta.dirname, "..", ".data");
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith("e2e-")) continue;
    const dir = path.join(dataDir, name);
    if (Date.now() - statSync(dir).mtimeMs > MAX_AGE_MS) rmSync(dir, { recursive: true, force: true });
  }
}
