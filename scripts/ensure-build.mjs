// Runs before `npm start`: builds only when there is no production build or a source is newer
// than it, so a fresh clone starts with one command and an up-to-date one starts at once.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_DIRS = ["app", "components", "lib", "prisma"];
const SOURCE_FILES = ["next.config.js", "package.json", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", ".data", ".git"]);

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** The first file under `dir` modified after `since`, or null. Stops at the first hit. */
function newerFile(dir, since) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name) || entry.name.endsWith(".test.ts")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const hit = newerFile(path, since);
      if (hit) return hit;
    } else if (entry.isFile() && (mtimeOf(path) ?? 0) > since) {
      return path;
    }
  }
  return null;
}

function reasonToBuild() {
  const built = mtimeOf(join(root, ".next", "BUILD_ID"));
  if (built === null) return "no production build yet (.next/BUILD_ID is missing)";
  for (const file of SOURCE_FILES) {
    if ((mtimeOf(join(root, file)) ?? 0) > built) return `${file} changed since the last build`;
  }
  for (const dir of SOURCE_DIRS) {
    const hit = newerFile(join(root, dir), built);
    if (hit) return `${relative(root, hit)} changed since the last build`;
  }
  return null;
}

const reason = reasonToBuild();
if (reason) {
  console.log(`[ensure-build] ${reason}: running next build`);
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
