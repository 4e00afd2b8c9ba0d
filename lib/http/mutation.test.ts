import { afterEach, describe, expect, it } from "vitest";
import { POST as undoPost } from "@/app/api/changes/[changeId]/undo/route";
import { POST as collectPost } from "@/app/api/collection-runs/route";
import { POST as previewPost } from "@/app/api/changes/region-defaults/preview/route";
import { POST as applyPost } from "@/app/api/changes/region-defaults/route";
import { getActor, LOCAL_ADMIN, setActorResolver, type Actor } from "./actor";
import { mutation } from "./route";

const body = async (response: Response) => ({ status: response.status, json: await response.json() });
const noParams = { params: Promise.resolve({}) };
const echo = mutation(async (_request, { actor }) => Response.json({ actor }));

const post = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/x") =>
  new Request(url, { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body: "{}" });

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
      json: { actor: LOCAL_ADMIN },
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
          message: "Forbidden: this needs the operator role or higher; Vera is viewer",
        },
      },
    });
    restore!();
    as({ id: "o1", name: "Olga", role: "operator", kind: "oidc" });
    expect((await echo(post({ origin: "http://127.0.0.1:3000" }), noParams)).status).toBe(200);
  });

  // Every mutating route goes through the wrapper: both refusals come before any work is done.
  const routes = [
    ["preview", previewPost, noParams],
    ["apply", applyPost, noParams],
    ["collect now", collectPost, noParams],
    ["undo", undoPost, { params: Promise.resolve({ changeId: "00000000-0000-4000-8000-000000000000" }) }],
  ] as const;
  it.each(routes)("%s refuses a cross-site request and a viewer", async (_name, handler, params) => {
    const crossSite = await body(await handler(post({ origin: "https://evil.example" }), params as never));
    expect([crossSite.status, crossSite.json.error.code]).toEqual([403, "CsrfRejected"]);
    as({ id: "v1", name: "Vera", role: "viewer", kind: "oidc" });
    const viewer = await body(await handler(post({ origin: "http://127.0.0.1:3000" }), params as never));
    expect([viewer.status, viewer.json.error.code]).toEqual([403, "Forbidden"]);
  });
});
