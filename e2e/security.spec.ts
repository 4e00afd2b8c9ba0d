import http from "node:http";
import { expect, test } from "@playwright/test";
import { LOCAL_PORT, OIDC_APP_PORT, OIDC_APP_URL } from "./oidc";
import { fillPattern, pagePatterns, routeHandlers, type Method } from "./routes-on-disk";

// The production build as an attacker's page would meet it: DNS rebinding (a foreign Host with a
// matching Origin), security headers on every page, CSP that the pages really satisfy, malformed
// path escapes, sign-out from another site, and the public health probe. Both servers: local mode
// (everyone is admin, so the host check is all that stands between a web page and AWS) and sign-in.

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, because fetch and Playwright do not let a test choose the Host header. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    request.on("error", reject);
    // With a length: Node's parser refuses a chunked DELETE body with 400 before the app sees it.
    if (method !== "GET" && method !== "HEAD") {
      request.setHeader("content-length", "2");
      request.write("{}");
    }
    request.end();
  });
}

const SERVERS = [
  { name: "local mode", port: LOCAL_PORT, expected: `127.0.0.1:${LOCAL_PORT}` },
  { name: "sign-in", port: OIDC_APP_PORT, expected: new URL(OIDC_APP_URL).host },
];
const HOST_CHECK_EXEMPT = new Set(["/api/health"]);
const SAMPLE = { id: "00000000-0000-4000-8000-000000000000", changeId: "1", token: "AAAAAAAAAAAAAAAAAAAAAA" };

const everyTarget = (): { method: Method | "GET"; path: string }[] => [
  ...routeHandlers().flatMap((route) =>
    route.methods.map((method) => ({ method, path: fillPattern(route.pattern, SAMPLE) })),
  ),
  ...pagePatterns().map((pattern) => ({ method: "GET" as const, path: fillPattern(pattern, SAMPLE) })),
];

for (const server of SERVERS) {
  test(`${server.name}: a foreign Host with a matching Origin is refused on every route and page`, async () => {
    const targets = everyTarget();
    expect(targets.length).toBeGreaterThan(45);
    const attacker = `rebind.attacker.example:${server.port}`;
    for (const target of targets) {
      if (HOST_CHECK_EXEMPT.has(target.path)) continue;
      const reply = await rawRequest(server.port, target.method, target.path, {
        host: attacker,
        origin: `http://${attacker}`,
        "content-type": "application/json",
      });
      const label = `${target.method} ${target.path}`;
      expect(reply.status, label).toBe(421);
      expect(reply.body, label).toContain(`answers at ${server.expected}`);
      expect(reply.body, label).toContain("rebind.attacker.example");
      // The refusal carries the headers too.
      expect(reply.headers["x-content-type-options"], label).toBe("nosniff");
    }
    // The control: the same requests with the dashboard's own Host are not refused by the host check.
    for (const target of targets.filter((candidate) => candidate.method === "GET")) {
      const reply = await rawRequest(server.port, "GET", target.path, { host: server.expected });
      expect(reply.status, `GET ${target.path} with the right Host`).not.toBe(421);
    }
  });
}

test("the health probe is public, ignores Host and says only ok and the database's state", async () => {
  for (const server of SERVERS) {
    const reply = await rawRequest(server.port, "GET", "/api/health", { host: "10.1.2.3:80" });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, database: "reachable" });
  }
});

test("a malformed percent-escape in a path answers 400 before any route runs", async ({ request }) => {
  const withParams = routeHandlers().filter((route) => route.params.length > 0);
  const paths = [
    ...withParams.map((route) => route.pattern.replace(/\[\w+\]/g, "%ZZ")),
    ...pagePatterns()
      .filter((pattern) => pattern.includes("["))
      .map((pattern) => pattern.replace(/\[\w+\]/g, "%E0%A4%A")),
  ];
  expect(paths.length).toBeGreaterThanOrEqual(10);
  for (const path of paths) {
    const reply = await rawRequest(LOCAL_PORT, "GET", path, { host: `127.0.0.1:${LOCAL_PORT}` });
    expect(reply.status, path).toBe(400);
    expect(reply.body, path).toContain("malformed percent-escape");
  }
  // NUL in a query parameter: 422 naming it, on a page and on the API.
  for (const path of ["/api/instances?q=%00", "/instances?q=a%00b"]) {
    const reply = await request.get(path);
    expect(reply.status(), path).toBe(422);
    expect(await reply.text(), path).toContain("q: contains a NUL character");
  }
});

test("sign-out refuses a cross-site POST, with or without an Origin", async () => {
  const host = new URL(OIDC_APP_URL).host;
  const cases: Record<string, string>[] = [{}, { origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
  for (const headers of cases) {
    const reply = await rawRequest(OIDC_APP_PORT, "POST", "/api/auth/sign-out", { host, ...headers });
    expect(reply.status, JSON.stringify(headers)).toBe(403);
    expect(JSON.parse(reply.body).error.code).toBe("CsrfRejected");
  }
});

test("every page carries the security headers and runs under its CSP without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      // safe because exposeFunction defined it on window before any page script runs
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  const status = await (await page.request.get("/api/status")).json();
  const runId = status.lastRun?.id ?? 1;
  const instances = await (await page.request.get("/api/instances?limit=1")).json();
  const instanceId = instances.rows?.[0]?.instanceId ?? "i-0000000000000000a";
  const nonces = new Set<string>();
  for (const pattern of pagePatterns()) {
    const path = fillPattern(pattern, { id: pattern.startsWith("/runs") ? String(runId) : instanceId, token: SAMPLE.token });
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).not.toContain("unsafe-eval");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe(path.startsWith("/r/") ? "no-referrer" : "strict-origin-when-cross-origin");
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]!);
    // Hydrated, so the nonce really let the scripts run (the skip link is on every page).
    await page.waitForLoadState("networkidle");
    await expect(page.locator("html")).toBeVisible();
  }
  expect(nonces.size, "a fresh nonce per response").toBe(pagePatterns().length);
  // React hydrated: a client-side control responds (the instances search is disabled until then).
  await page.goto("/instances");
  await expect(page.getByRole("searchbox").first()).toBeEnabled();
  expect(violations).toEqual([]);
});
