import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { startSession } from "@/lib/auth/session";
import { TEST_GROUPS, TEST_USERS, type TestUser } from "@/lib/auth/testing";
import { testCollectorSettings } from "@/lib/collector/testing";
import { findRunningRun } from "@/lib/db/write/runs";
import { openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { recordSignIn } from "@/lib/db/write/users";
import { env, type OidcSettings } from "@/lib/env";
import type { AppContext } from "@/lib/app-context";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { LOCAL_ADMIN, type Actor } from "@/lib/core/actor";
import { actorFromCookies } from "@/lib/auth/actor";
import { getActor, setActorResolver } from "./actor";
import { createReadCache } from "@/lib/core/read-cache";
import { mutation } from "./route";

// Route handlers get their database and AWS from getAppContext(): here a test database and a small
// simulator, so a request that passes authorization does real (harmless) work.
const app = vi.hoisted(() => ({ current: null as Promise<unknown> | null }));
vi.mock("@/lib/app-context", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/app-context")>()),
  getAppContext: () => app.current ?? Promise.reject(new Error("test app not started")),
}));

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
        error: { code: "Forbidden", message: "Forbidden: this needs the operator role or higher; Vera is viewer" },
      },
    });
    restore!();
    as({ id: "o1", name: "Olga", role: "operator", kind: "oidc" });
    expect((await echo(post({ origin: "http://127.0.0.1:3000" }), noParams)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Every mutating route under app/api, found by reading the directory, so a new route cannot
// escape this test. Excluded, because they are public by design:
//   auth/sign-in, auth/callback  GET only: how an anonymous visitor signs in.
//   auth/sign-out                POST, but it only ends the caller's own session (a viewer must be
//                                able to sign out, an anonymous one is a no-op); it has its own
//                                Origin check. It changes nothing in AWS or in shared state.
// Read-only POSTs (a body too large for a query string) need a session and a same-origin request,
// but any role: they are tested below, each for exactly that.
//   guardrail/evaluate           evaluates a Terraform plan; reads waivers and collected defaults.
// ---------------------------------------------------------------------------------------------

const API_DIR = path.resolve(import.meta.dirname, "../../app/api");
const PUBLIC_ROUTES = new Set(["auth/sign-in", "auth/callback", "auth/sign-out"]);
const READ_ONLY_POSTS = new Set(["guardrail/evaluate"]);
const MUTATING_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface MutatingRoute {
  name: string;
  method: (typeof MUTATING_METHODS)[number];
  handler: Handler;
  params: Record<string, string>;
}

function routeDirs(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeDirs(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name === "route.ts" ? [prefix.slice(0, -1)] : [];
  });
}

async function mutatingRoutes(): Promise<MutatingRoute[]> {
  const found: MutatingRoute[] = [];
  for (const name of routeDirs(API_DIR).sort()) {
    if (PUBLIC_ROUTES.has(name) || READ_ONLY_POSTS.has(name)) continue;
    const routeModule: Record<string, unknown> = await import(path.join(API_DIR, name, "route.ts"));
    // Every dynamic segment ([changeId], [id]) gets an id that names nothing.
    const params = Object.fromEntries([...name.matchAll(/\[(\w+)\]/g)].map((match) => [match[1]!, NO_SUCH_ID]));
    for (const method of MUTATING_METHODS) {
      const handler = routeModule[method];
      // safe because Next requires a route module's method exports to be request handlers
      if (typeof handler === "function") found.push({ name, method, handler: handler as Handler, params });
    }
  }
  return found;
}

const ROUTES = await mutatingRoutes();
const ORIGIN = "http://127.0.0.1:3000";
const settings: OidcSettings = {
  issuerUrl: "http://127.0.0.1:9/test-issuer",
  clientId: "imds-dashboard",
  clientSecret: "test-client-secret-not-for-production",
  secret: "test-auth-secret-0123456789abcdef0123456789",
  publicUrl: ORIGIN,
  secureCookies: false,
  groupsClaim: "groups",
  scopes: "openid email profile",
  roles: {
    adminGroups: [TEST_GROUPS.admin],
    operatorGroups: [TEST_GROUPS.operator],
    adminEmails: [],
    operatorEmails: [],
  },
};

describe("every mutating route under app/api, with sign-in on", () => {
  let database: TestDatabase;
  let sim: RunningSimulator;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    sim = await startSimulator({ fleet: { seed: 4, instances: 12, accounts: 1, regions: 1 } });
    const aws = simulatorContext(sim.url, 1);
    const testApp: AppContext = {
      config: env(),
      db: database,
      aws,
      settings: testCollectorSettings({ backfillDays: 1, hourlyHours: 2 }),
      databaseUrl: undefined,
      reads: createReadCache({ readVersion: async () => "test" }),
      close: async () => undefined,
    };
    app.current = Promise.resolve(testApp);
    // Real sessions in the database, resolved by the real cookie -> session -> role code.
    const signIn = async (user: TestUser) => {
      const record = await recordSignIn(
        database.prisma,
        { issuer: settings.issuerUrl, subject: user.login, name: user.name, email: user.email, groups: user.groups },
        new Date(),
      );
      const { token } = await startSession(database.prisma, settings, record.id);
      cookies.set(user.login, `imds_session=${token}`);
    };
    await Promise.all([signIn(TEST_USERS.viewer), signIn(TEST_USERS.operator)]);
  });

  afterAll(async () => {
    app.current = null;
    // A "collect now" the operator started runs in the background: let it finish first.
    for (let wait = 0; database && wait < 300 && (await findRunningRun(database.prisma)); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sim?.close();
    await database?.close();
  });

  const request = (route: MutatingRoute, headers: Record<string, string>) =>
    route.handler(
      new Request(`${ORIGIN}/api/${route.name}`, {
        method: route.method,
        headers: { host: "127.0.0.1:3000", origin: ORIGIN, "content-type": "application/json", ...headers },
        body: "{}",
      }),
      { params: Promise.resolve(route.params) },
    );
  const signedIn = () =>
    (restore = setActorResolver((incoming) =>
      actorFromCookies(incoming.headers.get("cookie"), { settings, prisma: async () => database.prisma }),
    ));

  it("finds the known mutating routes (and no public one is missing from app/api)", () => {
    expect(ROUTES.map((route) => `${route.method} ${route.name}`)).toEqual(
      expect.arrayContaining([
        "POST changes/instances",
        "POST changes/instances/preview",
        "POST changes/region-defaults",
        "POST changes/region-defaults/preview",
        "POST changes/[changeId]/undo",
        "POST changes/[changeId]/undo/preview",
        "POST collection-runs",
        "POST reports",
        "POST reports/[id]/revoke",
        "POST alerts/[id]/acknowledge",
        "POST alerts/acknowledge",
        "POST webhooks",
        "PATCH webhooks/[id]",
        "DELETE webhooks/[id]",
        "POST instances/[id]/alarm",
        "DELETE instances/[id]/alarm",
        "POST guardrail/waivers",
        "POST guardrail/waivers/[id]/revoke",
      ]),
    );
    const all = new Set(routeDirs(API_DIR));
    for (const name of PUBLIC_ROUTES)
      expect(all.has(name), `${name} is listed as public but does not exist`).toBe(true);
    for (const name of READ_ONLY_POSTS)
      expect(all.has(name), `${name} is listed as a read-only POST but does not exist`).toBe(true);
  });

  describe.each([...READ_ONLY_POSTS])("read-only POST /api/%s", (name) => {
    const readOnly = async (headers: Record<string, string>) => {
      const routeModule: Record<string, unknown> = await import(path.join(API_DIR, name, "route.ts"));
      // safe because Next requires a route module's method exports to be request handlers
      const handler = routeModule.POST as Handler;
      return body(
        await handler(
          new Request(`${ORIGIN}/api/${name}`, {
            method: "POST",
            headers: { host: "127.0.0.1:3000", origin: ORIGIN, "content-type": "application/json", ...headers },
            body: JSON.stringify({ plan: '{"planned_values": {}}' }),
          }),
          { params: Promise.resolve({}) },
        ),
      );
    };

    it("answers 401 without a session, serves a viewer, and refuses a cross-site request", async () => {
      signedIn();
      expect((await readOnly({})).status).toBe(401);
      const viewer = await readOnly({ cookie: cookies.get(TEST_USERS.viewer.login)! });
      expect(viewer.status, JSON.stringify(viewer.json)).toBe(200);
      const crossSite = await readOnly({
        cookie: cookies.get(TEST_USERS.viewer.login)!,
        origin: "https://evil.example",
      });
      expect([crossSite.status, crossSite.json.error.code]).toEqual([403, "CsrfRejected"]);
    });
  });

  describe.each(ROUTES.map((route) => [`${route.method} /api/${route.name}`, route] as const))("%s", (_name, route) => {
    it("answers 401 Unauthenticated without a session (and with an unknown one)", async () => {
      signedIn();
      for (const cookie of [undefined, `imds_session=${"x".repeat(43)}`]) {
        const result = await body(await request(route, cookie ? { cookie } : {}));
        expect([result.status, result.json.error.code], String(cookie)).toEqual([401, "Unauthenticated"]);
        expect(result.json.error.message).toMatch(/^Unauthenticated: sign in first/);
      }
    });

    it("answers 403 Forbidden to a viewer, naming the role it needs", async () => {
      signedIn();
      const result = await body(await request(route, { cookie: cookies.get(TEST_USERS.viewer.login)! }));
      expect(result).toEqual({
        status: 403,
        json: {
          error: {
            code: "Forbidden",
            message: `Forbidden: this needs the operator role or higher; ${TEST_USERS.viewer.name} is viewer`,
          },
        },
      });
    });

    it("refuses a cross-site request from a signed-in operator with 403 CsrfRejected", async () => {
      signedIn();
      const cookie = cookies.get(TEST_USERS.operator.login)!;
      const result = await body(await request(route, { cookie, origin: "https://evil.example" }));
      expect([result.status, result.json.error.code]).toEqual([403, "CsrfRejected"]);
    });

    it("lets an operator through (the handler runs: 2xx, or 404/422 for the empty input)", async () => {
      signedIn();
      const result = await body(await request(route, { cookie: cookies.get(TEST_USERS.operator.login)! }));
      expect(result.status, JSON.stringify(result.json)).not.toBe(401);
      expect(result.status, JSON.stringify(result.json)).not.toBe(403);
      expect(result.status, JSON.stringify(result.json)).toBeLessThan(500);
    });
  });
});
