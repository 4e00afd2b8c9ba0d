import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every route under app/api and every page under app, read from disk like the authorization sweep
// (lib/http/mutation.test.ts), so a new route or page cannot escape the security and fuzz specs.

const APP_DIR = path.resolve(import.meta.dirname, "../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

export interface ApiRoute {
  /** e.g. "/api/instances/[id]", "/r/[token]/pdf" */
  pattern: string;
  /** Dynamic segment names, in order. */
  params: string[];
  methods: Method[];
}

function walk(dir: string, file: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return walk(path.join(dir, entry.name), file, `${prefix}/${entry.name}`);
    return entry.name === file ? [prefix] : [];
  });
}

const urlPath = (dirs: string) =>
  dirs
    .split("/")
    .filter((part) => part && !/^\(.*\)$/.test(part))
    .join("/");

/** Every route handler under app (app/api and the shared report's csv and pdf). */
export function routeHandlers(): ApiRoute[] {
  return walk(APP_DIR, "route.ts")
    .sort()
    .map((dirs) => {
      const source = readFileSync(path.join(APP_DIR, dirs, "route.ts"), "utf8");
      const methods = METHODS.filter((method) => new RegExp(`export (const|async function) ${method}\\b`).test(source));
      const pattern = `/${urlPath(dirs)}`;
      return { pattern, params: [...pattern.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!), methods };
    });
}

/** Page URL patterns, route groups removed: "/", "/instances/[id]", "/r/[token]", ... */
export function pagePatterns(): string[] {
  return walk(APP_DIR, "page.tsx")
    .map((dirs) => `/${urlPath(dirs)}`)
    .sort();
}

/** Fills each [segment] of a pattern from `values` (or the default). */
export function fillPattern(pattern: string, values: Record<string, string> = {}, fallback = "1"): string {
  return pattern.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(values[name] ?? fallback));
}
