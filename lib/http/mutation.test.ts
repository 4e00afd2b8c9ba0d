import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getActor, LOCAL_ACTOR, setActorResolver, type Actor } from "./actor";
import { mutation } from "./route";

const body = async (response: Response) => ({ status: response.status, json: await response.json() });
const noParams = { params: Promise.resolve({}) };
const echo = mutation(async (_request, { actor }) => Response.json({ actor }));

const post = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/x") =>
  new Request(url, { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body: "{}" });

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_DIR = path.join(import.meta.dirname, "..", "..", "app", "api");
const MUTATING_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Every handler of a mutating method under app/api, with a placeholder for each [segment]. */
async function findMutatingRoutes() {
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" }).filter(
    (file) => path.basename(file) === "route.ts",
  );
  const found: { name: string; handler: RouteHandler; params: Record<string, string> }[] = [];
  for (const file of files.sort()) {
    const url = `/api/${path.dirname(file).split(path.sep).join("/")}`;
    const module: Record<string, unknown> = await import(path.join(API_DIR, file));
    const params = Object.fromEntries(
      [...url.matchAll(/\[(\w+)\]/g)].map((match) => [match[1]!, "00000000-0000-4000-8000-000000000000"]),
    );
    for (const method of MUTATING_METHODS) {
      const handler = module[method];
      // safe because Next route modules export their method handlers with this signature
      if (typeof handler === "function")
        found.push({ name: `${method} ${url}`, handler: handler as RouteHandler, params });
    }
  }
  return found;
}
const mutatingRoutes = await findMutatingRoutes();

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe("getActor", () => {
  it("is the local admin when no identity provider is configured", async () => {
    expect(await getActor(new Request("http://127.0.0.1/"))).toEqual({
      id: "local",
      name: "Local user",
      role: "admin",
      kind: "local",
    });
  });
});

describe("mutation(): CSRF check", () => {
  it("accepts a same-origin request and passes the actor to the handler", async () => {
    expect(await body(await echo(post({ origin: "http://127.0.0.1:3000" }), noParams))).toEqual({
      status: 200,
      json: { actor: LOCAL_ACTOR },
    });
    // No Origin, but the browser says same-origin.
    expect((await echo(post({ "sec-fetch-site": "same-origin" }), noParams)).status).toBe(200);
  });

  it("refuses another origin, a missing Origin without Sec-Fetch-Site, and a cross-site fetch", async () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://127.0.0.1:3001" },
      { origin: "null" },
      {},
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of cases) {
      const result = await body(await echo(post(headers), noParams));
      expect(result.status, JSON.stringify(headers)).toBe(403);
      expect(result.json.error.code).toBe("CsrfRejected");
      expect(result.json.error.message).toMatch(/^Cross-site request refused/);
    }
  });
});

describe("mutation(): roles", () => {
  const as = (actor: Actor) => (restore = setActorResolver(async () => actor));

  it("refuses a viewer with 403 and a message, allows an operator", async () => {
    as({ id: "v1", name: "Vera", role: "viewer", kind: "oidc" });
    const refused = await body(await echo(post({ origin: "http://127.0.0.1:3000" }), noParams));
    expect(refused).toEqual({
      status: 403,
      json: {
        error: {
          code: "Forbidden",
          message: "Vera has the viewer role; changing AWS settings needs the operator or admin role",
        },
      },
    });
    restore!();
    as({ id: "o1", name: "Olga", role: "operator", kind: "oidc" });
    expect((await echo(post({ origin: "http://127.0.0.1:3000" }), noParams)).status).toBe(200);
  });

  // Every mutating route goes through the wrapper: both refusals come before any work is done.
  // The routes are found on disk, so a new one is covered without being listed here.
  it("finds the mutating routes", () => {
    expect(mutatingRoutes.map((route) => route.name)).toEqual(
      expect.arrayContaining([
        "POST /api/changes/instances",
        "POST /api/changes/instances/preview",
        "POST /api/changes/region-defaults",
        "POST /api/changes/region-defaults/preview",
        "POST /api/changes/[changeId]/undo",
        "POST /api/collection-runs",
      ]),
    );
  });
  it.each(mutatingRoutes)("$name refuses a cross-site request and a viewer", async ({ handler, params }) => {
    const context = { params: Promise.resolve(params) };
    const crossSite = await body(await handler(post({ origin: "https://evil.example" }), context));
    expect([crossSite.status, crossSite.json.error.code]).toEqual([403, "CsrfRejected"]);
    as({ id: "v1", name: "Vera", role: "viewer", kind: "oidc" });
    const viewer = await body(await handler(post({ origin: "http://127.0.0.1:3000" }), context));
    expect([viewer.status, viewer.json.error.code]).toEqual([403, "Forbidden"]);
  });
});
