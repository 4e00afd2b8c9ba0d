import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { listUsers } from "@/lib/db/write/users";
import { oidcSettings, parseEnv, type OidcSettings } from "@/lib/env";
import { LOCAL_ADMIN, requireRole, type Actor } from "@/lib/core/actor";
import { actorFromCookies } from "@/lib/auth/actor";
import { AppError } from "@/lib/core/app-error";
import { endSession } from "./session";
import { finishSignIn, safeReturnTo, startSignIn } from "./sign-in";
import {
  startTestOidcProvider,
  TEST_GROUPS,
  TEST_PASSWORD,
  TEST_USERS,
  type TestOidcProvider,
  type TestUser,
} from "./testing";

// The whole sign-in over HTTP against a real OIDC provider (oidc-provider on a free port): the
// browser's part is played by fetch with a cookie jar, the dashboard's by startSignIn/finishSignIn.

const PUBLIC_URL = "http://127.0.0.1:3599";

/** Follows redirects like a browser, submits the provider's login form, stops at our callback. */
async function throughProvider(start: string, login: string, password: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  let url = new URL(start);
  let init: RequestInit = {};
  for (let step = 0; step < 12; step += 1) {
    if (url.href.startsWith(PUBLIC_URL)) return url;
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...init.headers, cookie: cookieHeader() },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      init = {};
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action || init.method === "POST")
      throw new Error(`provider stopped at ${url.pathname}: ${html.slice(0, 300)}`);
    url = new URL(action, url);
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login, password }).toString(),
    };
  }
  throw new Error("too many redirects");
}

const cookiePairs = (setCookies: string[]) =>
  setCookies
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => !pair.endsWith("="))
    .join("; ");

let provider: TestOidcProvider;
let settings: OidcSettings;

beforeAll(async () => {
  provider = await startTestOidcProvider({ redirectUris: [`${PUBLIC_URL}/api/auth/callback`] });
  const config = parseEnv({
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    AUTH_SECRET: "test-auth-secret-that-is-long-enough-0123456789",
    PUBLIC_URL,
    ROLE_ADMIN_GROUPS: TEST_GROUPS.admin,
    ROLE_OPERATOR_GROUPS: TEST_GROUPS.operator,
    ROLE_OPERATOR_EMAILS: TEST_USERS.emailOperator.email,
  });
  const parsed = oidcSettings(config);
  if (!parsed) throw new Error("OIDC settings expected");
  settings = parsed;
});

afterAll(async () => {
  await provider?.close();
});

describe.each(databaseKinds())("sign-in through a real OIDC provider (%s)", (kind) => {
  let db: TestDatabase;
  const deps = () => ({ settings, prisma: async () => db.prisma });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function signIn(user: TestUser, returnTo: string | null = null) {
    const started = await startSignIn(settings, returnTo);
    expect(started.location.startsWith(`${provider.issuer}/`)).toBe(true);
    expect(started.setCookie).toMatch(/; HttpOnly; SameSite=Lax$/);
    const callbackUrl = await throughProvider(started.location, user.login, TEST_PASSWORD);
    expect(callbackUrl.searchParams.get("code")).toBeTruthy();
    const finished = await finishSignIn({
      settings,
      prisma: db.prisma,
      callbackUrl,
      cookieHeader: started.setCookie.split(";")[0] ?? null,
    });
    return { ...finished, cookies: cookiePairs(finished.setCookies) };
  }

  it("an operator's sign-in yields an HttpOnly, SameSite=Lax session cookie and an operator actor", async () => {
    const { user, returnTo, setCookies, cookies } = await signIn(TEST_USERS.operator, "/regions?account=1");
    expect(returnTo).toBe("/regions?account=1");
    expect(user).toMatchObject({ name: "Otto Operator", email: "otto@example.com", groups: [TEST_GROUPS.operator] });
    expect(setCookies[0]).toMatch(/^imds_session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const actor = await actorFromCookies(cookies, deps());
    expect(actor).toEqual({ id: user.id, name: "Otto Operator", role: "operator", kind: "oidc" });
    expect(() => requireRole(actor, "operator")).not.toThrow();
    expect(() => requireRole(actor, "admin")).toThrow(/needs the admin role/);
  });

  it("maps groups and the email allow-list to roles", async () => {
    const roles: Record<string, Actor["role"]> = {};
    for (const [key, user] of Object.entries(TEST_USERS)) {
      const { cookies } = await signIn(user);
      roles[key] = (await actorFromCookies(cookies, deps())).role;
    }
    expect(roles).toEqual({ admin: "admin", operator: "operator", viewer: "viewer", emailOperator: "operator" });
    const listed = await listUsers(db.prisma);
    expect(listed.map((user) => user.name).sort()).toEqual(
      ["Ada Admin", "Erin Email", "Otto Operator", "Vera Viewer"].sort(),
    );
  });

  it("a viewer is refused operator work with 403 naming the role", async () => {
    const { cookies } = await signIn(TEST_USERS.viewer);
    const viewer = await actorFromCookies(cookies, deps());
    let refused: unknown;
    try {
      requireRole(viewer, "operator");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 403, code: "Forbidden" });
    expect((refused as Error).message).toBe("Forbidden: this needs the operator role or higher; Vera Viewer is viewer");
  });

  it("anonymous, unknown and signed-out sessions are 401 Unauthenticated", async () => {
    for (const cookie of [null, "imds_session=not-a-session", `imds_session=${"a".repeat(43)}`]) {
      await expect(actorFromCookies(cookie, deps())).rejects.toMatchObject({
        status: 401,
        code: "Unauthenticated",
        message: expect.stringContaining("sign in"),
      });
    }
    const { cookies } = await signIn(TEST_USERS.admin);
    expect((await actorFromCookies(cookies, deps())).role).toBe("admin");
    const cleared = await endSession(db.prisma, settings, cookies);
    expect(cleared).toMatch(/^imds_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    await expect(actorFromCookies(cookies, deps())).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a callback without its flow cookie, or with another flow's", async () => {
    const first = await startSignIn(settings, null);
    const second = await startSignIn(settings, null);
    const callbackUrl = await throughProvider(first.location, TEST_USERS.viewer.login, TEST_PASSWORD);
    await expect(finishSignIn({ settings, prisma: db.prisma, callbackUrl, cookieHeader: null })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      finishSignIn({ settings, prisma: db.prisma, callbackUrl, cookieHeader: second.setCookie.split(";")[0] ?? null }),
    ).rejects.toMatchObject({ status: 401, message: expect.stringContaining("could not be verified") });
  });
});

describe("sign-in edges", () => {
  it("the provider refuses a wrong password", async () => {
    const started = await startSignIn(settings, null);
    await expect(throughProvider(started.location, TEST_USERS.operator.login, "wrong")).rejects.toThrow(
      /provider stopped at \/interaction/,
    );
  });

  it("local mode: no OIDC means the local admin, without a cookie or a database", async () => {
    const actor = await actorFromCookies(null, {
      settings: null,
      prisma: () => Promise.reject(new Error("not used")),
    });
    expect(actor).toEqual({ id: "local", name: "Local user", role: "admin", kind: "local" });
    expect(actor).toBe(LOCAL_ADMIN);
  });

  it("returns only to paths on this site", () => {
    expect(safeReturnTo("/instances?x=1")).toBe("/instances?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "", null])
      expect(safeReturnTo(bad)).toBe("/");
  });
});
