#!/usr/bin/env node
// `npx imds-guard plan.json` without a build step: registers tsx (with this project's tsconfig, so
// the "@/..." imports resolve from any working directory) and runs the TypeScript entry point.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import(pathToFileURL(path.join(root, "lib", "terraform-guard", "cli", "main.ts")).href);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`imds-guard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
