import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { FUZZ_URL } from "./oidc";
import { routeHandlers, type ApiRoute } from "./routes-on-disk";

// Generated requests against every route handler under app (read from disk), on a server of its
// own in local mode (everyone is admin, so every handler is reached past authorization): NUL, lone
// surrogates, 1 MB strings, wrong types, bad JSON, bad escapes, huge query strings. No 5xx, and
// every refusal says what is wrong. FUZZ_RUNS raises the count (CI runs the default).

const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const ROUTES = routeHandlers();
const ORIGIN = FUZZ_URL;

/** Percent-encodes every UTF-16 unit that encodeURIComponent can, and lone surrogates as raw bytes. */
function encodeLoose(text: string): string {
  let out = "";
  for (const char of text) {
    try {
      out += encodeURIComponent(char);
    } catch {
      out += "%ED%A0%80"; // a lone surrogate's UTF-8-ish bytes: invalid UTF-8 on the wire
    }
  }
  return out;
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfff", "%", "%ZZ", "../..", "null", "-1", "1e309", "NaN", "💥"),
  fc.constant("x".repeat(1_000_000)),
  fc.constant("y".repeat(20_000)),
  fc.integer().map(String),
  fc.constantFrom("us-east-1", "111111111111", "required", "optional", "i-0123456789abcdef0", "true", "admin"),
);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nasty, fc.constantFrom("name", "url", "title", "regions", "instanceIds", "previewId", "reason", "expiresInDays", "view", "filters", "httpTokens", "plan", "teamTag", "events", "enabled")), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const body = fc.oneof(
  jsonValue.map((value) => JSON.stringify(value)),
  fc.constantFrom("{", "{\"a\":", "not json", "[]", "\u0000", "{\"name\":\"\\u0000\"}", "{\"title\":\"\\ud800\"}"),
  fc.constant(`{"name":"${"z".repeat(1_000_000)}"}`),
  fc.constant(""),
);

const query = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom("q", "limit", "cursor", "region", "accountId", "httpTokens", "readiness", "sort", "days", "table", "state", "team", "status", "from", "to", "kind"), fc.string()),
    nasty,
  ),
  { maxLength: 4 },
);

interface FuzzRequest {
  route: ApiRoute;
  method: string;
  params: string[];
  query: [string, string][];
  body: string;
  sameOrigin: boolean;
  rawEscape: boolean;
}

const request: fc.Arbitrary<FuzzRequest> = fc
  .integer({ min: 0, max: ROUTES.length - 1 })
  .chain((index) => {
    const route = ROUTES[index]!;
    return fc.record({
      route: fc.constant(route),
      method: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...route.methods) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE") }),
      params: fc.array(fc.oneof(nasty, fc.constantFrom("1", "00000000-0000-4000-8000-000000000000")), {
        minLength: route.params.length,
        maxLength: route.params.length,
      }),
      query,
      body,
      sameOrigin: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      rawEscape: fc.boolean(),
    });
  });

function urlOf(input: FuzzRequest): string {
  let index = 0;
  const path = input.route.pattern.replace(/\[\w+\]/g, () => {
    const value = input.params[index++] ?? "1";
    // Sometimes the segment goes out with a raw "%": a malformed escape the server must refuse cleanly.
    return input.rawEscape ? value.replaceAll("/", "%2F").slice(0, 2_000) : encodeLoose(value.slice(0, 2_000));
  });
  const search = input.query.map(([key, value]) => `${encodeLoose(key)}=${encodeLoose(value)}`).join("&");
  return `${FUZZ_URL}${path}${search ? `?${search}` : ""}`;
}

test("fuzz: every route answers generated bad input with a 4xx that says what is wrong, never a 5xx", async () => {
  test.setTimeout(20 * 60_000);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(request, async (input) => {
      const url = urlOf(input);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (input.sameOrigin) headers.origin = ORIGIN;
      let response: Response;
      try {
        response = await fetch(url, {
          method: input.method,
          headers,
          body: input.method === "GET" ? undefined : input.body,
          redirect: "manual",
        });
      } catch (error) {
        // An invalid URL the client itself refuses to send is not the server's answer.
        if (error instanceof TypeError && /URL|header/i.test(error.message)) return;
        // Node's HTTP server closes the connection on a request line over its 16 KB header limit
        // (431): refused before any route runs, so not a server error.
        if (url.length > 16_000) {
          statuses.set(431, (statuses.get(431) ?? 0) + 1);
          return;
        }
        throw error;
      }
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const label = `${input.method} ${url.slice(0, 300)} -> ${response.status} ${text.slice(0, 300)}`;
      if (response.status >= 500) failures.push(label);
      expect(response.status, label).toBeLessThan(500);
      // 431 comes from Node's HTTP server itself (request line over 16 KB), before any of our code.
      if (response.status >= 400 && ![404, 405, 431].includes(response.status)) {
        // The refusal names the field or the problem: an API error message, or a page's text.
        const message = /^\s*\{/.test(text) ? (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? "" : text;
        expect(message.length, label).toBeGreaterThan(10);
        if (response.status === 422) expect(message, label).toMatch(/:/);
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261205), endOnFailure: true },
  );
  test.info().annotations.push({
    type: "statuses",
    description: [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(", "),
  });
  expect(failures).toEqual([]);
  expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(RUNS * 0.95);
});
