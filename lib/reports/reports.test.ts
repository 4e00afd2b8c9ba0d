import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { countInstances } from "@/lib/db/read/instance-list";
import { getOverview } from "@/lib/db/read/overview";
import { findReport, listReports } from "@/lib/db/write/reports";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { DAY_MS } from "@/lib/domain/time";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { formatIssues } from "@/lib/http/route";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import { z } from "zod";
import type { ReportContext } from "./context";
import { createReport } from "./create-report";
import { findReportByToken, openReport } from "./open-report";
import { revokeReport } from "./revoke-report";
import { REPORT_ROW_CAP } from "@/lib/contracts/report-snapshot";
import { hashReportToken } from "./token";

const FLEET = { seed: 31, instances: 1200, accounts: 2, regions: 2, now: TEST_NOW };
const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };
const VIEWER: Actor = { id: "v-1", name: "Vera Viewer", role: "viewer", kind: "oidc" };
const tokenOf = (path: string) => path.split("/").at(-1)!;

describe.each(databaseKinds())("shared reports on %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  let clock = TEST_NOW;
  // The overview as a report captures it: at the test clock, over the context's readiness window.
  const overviewAt = () => ({ now: clock, windowDays: 14 });
  const ctx = (actor: Actor = OPERATOR): ReportContext => ({
    db: database,
    actor,
    source: "Simulated AWS",
    readinessWindowDays: 14,
    now: () => clock,
  });

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: () => clock });
    database = await openTestDatabase(kind);
    const run = await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 8),
        settings: testCollectorSettings({ historyDays: 0, backfillDays: 14 }),
        now: () => clock,
      },
      { trigger: "cli" },
    );
    expect(run.status).toBe("succeeded");
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("freezes the overview's figures and series as the database has them, and keeps them after the data changes", async () => {
    const region = sim.fleet.regions[0]!;
    const created = await createReport({ ctx: ctx(), input: { view: "overview", params: { region, days: "30" } } });
    expect(created.path).toMatch(/^\/r\/[A-Za-z0-9_-]{22}$/);
    const live = await getOverview(database.prisma, { account: null, region, team: null, days: 30 }, overviewAt());

    const opened = await findReportByToken(database.prisma, tokenOf(created.path), clock);
    expect(opened.state).toBe("ok");
    if (opened.state !== "ok") return;
    const { snapshot } = opened;
    expect(snapshot.filters).toEqual([
      { label: "Region", value: region },
      { label: "Time range", value: "Last 30 days" },
    ]);
    const figure = (label: string) => snapshot.figures.find((item) => item.label === label)?.value;
    expect(figure("Instances")).toBe(live.figures.instances.toLocaleString("en-US"));
    expect(figure("Tokens optional")).toBe(live.figures.optional.toLocaleString("en-US"));
    expect(figure("Instances with IMDSv1 calls, last 14 days")).toBe(
      live.figures.instancesWithV1Calls.toLocaleString("en-US"),
    );
    expect(figure("Instances with rejected calls, last 14 days")).toBe(
      live.figures.instancesWithRejected.toLocaleString("en-US"),
    );
    expect(snapshot.readiness).toEqual(live.readiness);
    expect(snapshot.readinessWindowDays).toBe(14);
    expect(snapshot.tables[1]!.columns.map((column) => column.key)).toContain("v1_callers_14d");
    expect(snapshot.charts?.days).toHaveLength(30);
    expect(snapshot.charts?.burndown?.forecast).toEqual(live.forecast);
    expect(snapshot.tables.map((table) => table.id)).toEqual(["accounts", "regions", "teams"]);
    expect(snapshot.tables[1]!.rows.map((row) => row[0])).toEqual([region]);
    expect(snapshot.collectedAt).not.toBeNull();
    expect(snapshot.capturedAt).toBe(new Date(clock).toISOString());

    // The fleet changes and is collected again: the live overview moves, the report does not.
    const optional = sim.fleet
      .cell(sim.fleet.activeAccounts()[0]!.id, region)
      .instances.filter((instance) => instance.metadata.httpTokens === "optional");
    expect(optional.length).toBeGreaterThan(5);
    for (const instance of optional.slice(0, 5)) {
      sim.fleet.modifyInstanceMetadataOptions(instance, { httpTokens: "required" });
    }
    clock += 60 * 60_000;
    await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 8),
        settings: testCollectorSettings({ historyDays: 0, backfillDays: 14 }),
        now: () => clock,
      },
      { trigger: "cli" },
    );
    const after = await getOverview(database.prisma, { account: null, region, team: null, days: 30 }, overviewAt());
    expect(after.figures.optional).toBe(live.figures.optional - 5);
    const again = await findReportByToken(database.prisma, tokenOf(created.path), clock);
    expect(again.state === "ok" && again.snapshot).toEqual(snapshot);
  }, 120_000);

  it("keeps at most REPORT_ROW_CAP instance rows and says how many there were", async () => {
    const created = await createReport({
      ctx: ctx(),
      input: { view: "instances", params: { sort: "id", dir: "asc", cursor: "ignored-page", limit: "50" } },
    });
    const opened = await findReportByToken(database.prisma, tokenOf(created.path), clock);
    if (opened.state !== "ok") throw new Error(`report is ${opened.state}`);
    const [table] = opened.snapshot.tables;
    const total = await countInstances(database.raw, {});
    expect(total).toBeGreaterThan(REPORT_ROW_CAP);
    expect(table!.total).toBe(total);
    expect(table!.rows).toHaveLength(REPORT_ROW_CAP);
    // The first rows of the whole set in id order, not the page the sharer was on.
    const ids = table!.rows.map((row) => row[0] as string);
    expect(ids).toEqual([...ids].sort());
    expect(table!.columns[0]!.key).toBe("instance_id");
  }, 60_000);

  it("regions: the grid of every collected cell and the selected cell's history", async () => {
    const account = sim.fleet.activeAccounts()[0]!.id;
    const region = sim.fleet.regions[1]!;
    const created = await createReport({
      ctx: ctx(),
      input: {
        view: "regions",
        params: { account, region, days: "7" },
        title: "Defaults for the CISO",
        expiresInDays: 7,
      },
    });
    expect(created.report.title).toBe("Defaults for the CISO");
    expect(created.report.expiresAt).toBe(new Date(clock + 7 * DAY_MS).toISOString());
    const opened = await findReportByToken(database.prisma, tokenOf(created.path), clock);
    if (opened.state !== "ok") throw new Error(`report is ${opened.state}`);
    expect(opened.snapshot.tables[0]!.rows).toHaveLength(FLEET.accounts * FLEET.regions);
    expect(opened.snapshot.charts?.title).toBe(`${account} / ${region}`);
    expect(opened.snapshot.charts?.days).toHaveLength(7);
  });

  it("stores only the token's hash, and a token that was never issued is unknown", async () => {
    const created = await createReport({ ctx: ctx(), input: { view: "overview" } });
    const token = tokenOf(created.path);
    const row = await database.prisma.report.findUnique({ where: { id: created.report.id } });
    expect(row?.tokenHash).toBe(hashReportToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await findReportByToken(database.prisma, "A".repeat(22), clock)).state).toBe("unknown");
    expect((await findReportByToken(database.prisma, "../../etc/passwd", clock)).state).toBe("unknown");
  });

  it("counts views, and a revoked or expired link is gone", async () => {
    const created = await createReport({ ctx: ctx(), input: { view: "overview", expiresInDays: 1 } });
    const token = tokenOf(created.path);
    await openReport(database.prisma, token, clock);
    await openReport(database.prisma, token, clock);
    expect((await findReport(database.prisma, created.report.id))?.viewCount).toBe(2);

    expect((await findReportByToken(database.prisma, token, clock + DAY_MS)).state).toBe("expired");
    expect((await openReport(database.prisma, token, clock + DAY_MS)).state).toBe("expired");
    expect((await findReport(database.prisma, created.report.id))?.viewCount).toBe(2);

    const other = await createReport({ ctx: ctx(), input: { view: "overview", expiresInDays: null } });
    expect(other.report.expiresAt).toBeNull();
    const revoked = await revokeReport({ ctx: ctx(), input: { id: other.report.id } });
    expect(revoked.revokedByName).toBe(OPERATOR.name);
    expect((await findReportByToken(database.prisma, tokenOf(other.path), clock)).state).toBe("revoked");
    expect((await listReports(database.prisma)).find((report) => report.id === other.report.id)?.revokedAt).toBe(
      revoked.revokedAt,
    );
  });

  it("refuses viewers, and names the bad field", async () => {
    await expect(createReport({ ctx: ctx(VIEWER), input: { view: "overview" } })).rejects.toMatchObject({
      code: "Forbidden",
    });
    const invalid = async (input: unknown) => {
      try {
        await createReport({ ctx: ctx(), input });
      } catch (error) {
        if (error instanceof z.ZodError) return formatIssues(error);
        throw error;
      }
      throw new Error("accepted");
    };
    expect(await invalid({ view: "audit" })).toMatch(/^view: must be overview, regions or instances/);
    expect(await invalid({ view: "overview", expiresInDays: 0 })).toMatch(/^expiresInDays: must be at least 1 day/);
    expect(await invalid({ view: "overview", params: { region: "mars-1" } })).toMatch(/^params\.region/);
    expect(await invalid({ view: "instances", params: { httpTokens: "maybe" } })).toMatch(/^params\.httpTokens/);
    await expect(revokeReport({ ctx: ctx(), input: { id: crypto.randomUUID() } })).rejects.toBeInstanceOf(AppError);
  });
});
