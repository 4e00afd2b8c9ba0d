import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCsv } from "@/lib/contracts/csv";
import { openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { DAY_MS } from "@/lib/domain/time";
import type { Actor } from "@/lib/core/actor";
import type { ReportContext } from "@/lib/reports/context";
import { createReport } from "@/lib/reports/create-report";
import { revokeReport } from "@/lib/reports/revoke-report";
import type { AppContext } from "@/lib/app-context";
import { proxy } from "@/proxy";
import { GET as getCsv } from "./csv/route";

// The HTTP answers of a report link: proxy.ts (410 for revoked and expired links, before the page)
// and the CSV route, against a real database. An empty database is enough: reports of a
// never-collected fleet are valid reports.
const app = vi.hoisted(() => ({ current: null as Promise<unknown> | null }));
vi.mock("@/lib/app-context", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/app-context")>()),
  getAppContext: () => app.current ?? Promise.reject(new Error("test app not started")),
}));

const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };
const ORIGIN = "http://127.0.0.1:3000";

describe("report links over HTTP", () => {
  let database: TestDatabase;
  const ctx = (now = Date.now()): ReportContext => ({
    db: database,
    actor: OPERATOR,
    source: "Simulated AWS",
    readinessWindowDays: 14,
    now: () => now,
  });
  const tokenOf = (path: string) => path.split("/").at(-1)!;
  // Next always passes the Host header on; the proxy refuses a request without this dashboard's.
  const viaProxy = (token: string) =>
    proxy(new NextRequest(`${ORIGIN}/r/${token}`, { headers: { host: new URL(ORIGIN).host } }));
  const csv = (token: string, table: string) =>
    getCsv(new Request(`${ORIGIN}/r/${token}/csv?table=${table}`), { params: Promise.resolve({ token }) });

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    // safe because the handlers under test only read app.db
    app.current = Promise.resolve({ db: database } as unknown as AppContext);
  });
  afterAll(async () => {
    app.current = null;
    await database?.close();
  });

  it("lets a valid link and an unknown one through to the page (which renders it, or answers 404)", async () => {
    const valid = await createReport({ ctx: ctx(), input: { view: "regions" } });
    for (const token of [tokenOf(valid.path), "A".repeat(22), "not-a-token"]) {
      const response = await viaProxy(token);
      expect(response.headers.get("x-middleware-next"), token).toBe("1");
    }
  });

  it("answers 410 Gone for a revoked link and an expired one, saying why", async () => {
    const revoked = await createReport({ ctx: ctx(), input: { view: "overview" } });
    await revokeReport({ ctx: ctx(), input: { id: revoked.report.id } });
    const expired = await createReport({
      ctx: ctx(Date.now() - 3 * DAY_MS),
      input: { view: "overview", expiresInDays: 2 },
    });

    const revokedAnswer = await viaProxy(tokenOf(revoked.path));
    expect(revokedAnswer.status).toBe(410);
    expect(revokedAnswer.headers.get("cache-control")).toBe("private, no-store");
    expect(await revokedAnswer.text()).toContain(`This report link was revoked by ${OPERATOR.name}`);

    const expiredAnswer = await viaProxy(tokenOf(expired.path));
    expect(expiredAnswer.status).toBe(410);
    expect(await expiredAnswer.text()).toContain(
      `This report link expired on ${expired.report.expiresAt!.slice(0, 10)}`,
    );

    expect((await csv(tokenOf(revoked.path), "regions")).status).toBe(410);
    expect((await csv(tokenOf(expired.path), "accounts")).status).toBe(410);
  });

  it("serves a table of the snapshot as CSV, 404 for an unknown table or token", async () => {
    const created = await createReport({ ctx: ctx(), input: { view: "regions" } });
    const token = tokenOf(created.path);
    const ok = await csv(token, "regions");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(await ok.text());
    expect(rows[0]).toEqual([
      "account",
      "region",
      "http_tokens",
      "http_tokens_enforced",
      "hop_limit",
      "http_endpoint",
      "instance_metadata_tags",
      "managed_by",
      "instances",
      "required",
      "by_state",
    ]);
    expect(rows).toHaveLength(1); // nothing collected: the header only

    const noTable = await csv(token, "instances");
    expect(noTable.status).toBe(404);
    expect((await noTable.json()).error.message).toBe('table: this report has no table "instances"; it has regions.');
    expect((await csv("B".repeat(22), "regions")).status).toBe(404);
  });
});
