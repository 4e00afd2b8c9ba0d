import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { DAY_MS } from "@/lib/domain/time";
import type { Actor } from "@/lib/core/actor";
import type { ReportContext } from "@/lib/reports/context";
import { createReport } from "@/lib/reports/create-report";
import { sampleChromiumProcesses, startReportPageServer, type ReportPageServer } from "@/lib/reports/pdf.fixture";
import { REPORT_PDF_DEFAULTS, reportPdfService } from "@/lib/reports/report-pdf";
import { revokeReport } from "@/lib/reports/revoke-report";
import type { AppContext } from "@/lib/app-context";
import { GET } from "./route";

// The PDF route under load, with the process's real render service and Debian's Chromium, against a
// real database. Chromium prints a stand-in report page on loopback (the route prints the page at
// the request's origin); e2e/reports.spec.ts prints the real page.
const app = vi.hoisted(() => ({ current: null as Promise<unknown> | null }));
vi.mock("@/lib/app-context", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/app-context")>()),
  getAppContext: () => app.current ?? Promise.reject(new Error("test app not started")),
}));

const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };
const tokenOf = (path: string) => path.split("/").at(-1)!;

describe.each(databaseKinds())("GET /r/<token>/pdf on %s", (kind) => {
  let database: TestDatabase;
  let pages: ReportPageServer;
  const service = reportPdfService();
  const ctx = (now = Date.now()): ReportContext => ({
    db: database,
    actor: OPERATOR,
    source: "Simulated AWS",
    readinessWindowDays: 14,
    now: () => now,
  });
  const newToken = async (input: Record<string, unknown> = {}, now?: number) =>
    tokenOf((await createReport({ ctx: ctx(now), input: { view: "regions", ...input } })).path);
  const getPdf = (token: string, origin = pages.origin) =>
    GET(new Request(`${origin}/r/${token}/pdf`), { params: Promise.resolve({ token }) });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    pages = await startReportPageServer();
    // safe because the route only reads app.db
    app.current = Promise.resolve({ db: database } as unknown as AppContext);
  });
  afterAll(async () => {
    app.current = null;
    // Close the shared browser so no Chromium outlives the test (and the run cannot hang on it).
    await service.close();
    await pages?.close();
    await database?.close();
  });

  it("prints 10 reports requested at once with one browser, at most 2 at a time, and turns the overflow away with 429", async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, () => newToken()));
    const rendersBefore = service.stats.renders;
    const launchesBefore = service.browserLaunches;
    const sampler = sampleChromiumProcesses();
    const responses = await Promise.all(tokens.map((token) => getPdf(token)));
    const seen = sampler.stop();

    const statuses = responses.map((response) => response.status);
    expect(
      statuses.every((status) => status === 200 || status === 429),
      statuses.join(","),
    ).toBe(true);
    const printed = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    // Two print and four wait: those six always get their PDF; at least one more arrives while they run.
    const accepted = REPORT_PDF_DEFAULTS.concurrency + REPORT_PDF_DEFAULTS.maxWaiting;
    expect(printed.length).toBeGreaterThanOrEqual(accepted);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const response of printed) {
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
    }
    for (const response of refused) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("TooManyRequests");
      expect(body.error.message).toMatch(/^The server is busy printing other PDFs \(2 printing, 4 waiting\)/);
    }

    expect(service.stats.renders - rendersBefore).toBe(printed.length);
    expect(service.stats.maxRendersInFlight).toBe(2);
    // One browser process tree whatever the load (the old route started one browser per request).
    expect(service.browserLaunches - launchesBefore).toBeLessThanOrEqual(1);
    expect(seen.maxBrowsers, seen.browserRoots.join("\n")).toBe(1);
    // That browser's own six (browser, 2 zygotes, GPU, 2 utilities) plus renderers: the two prints',
    // Chromium's spares and those of closed prints still exiting. 13 seen here; 6 old-style requests made 25.
    expect(seen.maxProcesses).toBeLessThanOrEqual(16);

    // Turned away, not lost: retried once the line has cleared, they print.
    const refusedTokens = tokens.filter((_, index) => responses[index]!.status === 429);
    const retried = await Promise.all(refusedTokens.map((token) => getPdf(token)));
    expect(retried.map((response) => response.status)).toEqual(refusedTokens.map(() => 200));
  }, 120_000);

  it("prints a report once: a second download is the stored PDF, byte for byte", async () => {
    const token = await newToken();
    const first = await getPdf(token);
    expect(first.status).toBe(200);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const renders = service.stats.renders;
    const pageRequests = pages.pageRequests;

    const second = await getPdf(token);
    expect(second.status).toBe(200);
    const secondBytes = Buffer.from(await second.arrayBuffer());
    expect(secondBytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(secondBytes.equals(firstBytes)).toBe(true);
    expect(service.stats.renders).toBe(renders);
    expect(pages.pageRequests).toBe(pageRequests);
    expect(second.headers.get("content-disposition")).toMatch(
      /^attachment; filename="report-regions-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
  }, 60_000);

  it("two requests for the same unprinted report share one print", async () => {
    const token = await newToken();
    const renders = service.stats.renders;
    const [a, b] = await Promise.all([getPdf(token), getPdf(token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(true);
    expect(service.stats.renders).toBe(renders + 1);
  }, 60_000);

  it("limits PDF downloads per link, stored ones included, with Retry-After; other links are unaffected", async () => {
    const token = await newToken();
    for (let i = 0; i < REPORT_PDF_DEFAULTS.perLinkLimit; i++) expect((await getPdf(token)).status).toBe(200);
    const limited = await getPdf(token);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(
      /^Too many PDF downloads for this link: at most 6 per 60 s\. Try again in \d+ s\.$/,
    );
    expect((await getPdf(await newToken())).status).toBe(200);
  }, 60_000);

  it("serves nothing for a revoked or expired report, even one already printed; 404 unknown; 400 for a foreign Host", async () => {
    const created = await createReport({ ctx: ctx(), input: { view: "overview" } });
    const token = tokenOf(created.path);
    expect((await getPdf(token)).status).toBe(200);
    await revokeReport({ ctx: ctx(), input: { id: created.report.id } });
    const revoked = await getPdf(token);
    expect(revoked.status).toBe(410);
    expect(revoked.headers.get("content-type")).not.toBe("application/pdf");
    expect(((await revoked.json()) as { error: { message: string } }).error.message).toMatch(
      /was revoked by Olga Operator/,
    );

    const expired = await newToken({ expiresInDays: 1 }, Date.now() - 2 * DAY_MS);
    expect((await getPdf(expired)).status).toBe(410);
    expect((await getPdf("C".repeat(22))).status).toBe(404);

    const renders = service.stats.renders;
    const foreign = await getPdf(await newToken(), "http://attacker.example");
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(
      /^Host: attacker\.example is not this dashboard's address/,
    );
    expect(service.stats.renders).toBe(renders);
  }, 60_000);
});
