import { testCollectorSettings } from "@/lib/collector/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import { formatIssues } from "@/lib/http/route";
import { mergeByDay, type RollupDay } from "@/lib/domain/progress";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import { getOverview, NO_TEAM } from "./overview";
import { OverviewQuery } from "@/lib/contracts/overview-query";
import { getRegionsView } from "./regions-view";
import { RegionsQuery } from "@/lib/contracts/regions-query";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";

const FLEET = { seed: 5, instances: 180, accounts: 2, regions: 2, now: TEST_NOW };
const SETTINGS = testCollectorSettings();
// The overview counts calls over the readiness window the collection judged readiness on.
const AT_TEST_NOW = { now: TEST_NOW, windowDays: SETTINGS.readinessWindowDays };
const today = new Date(floorDay(TEST_NOW)).toISOString().slice(0, 10);

/** The simulator's own view of its fleet: live instances with their settings. */
function groundTruth(sim: RunningSimulator) {
  const instances: { accountId: string; region: string; httpTokens: string; state: string }[] = [];
  for (const account of sim.fleet.activeAccounts()) {
    for (const region of sim.fleet.regions) {
      for (const view of sim.fleet.listInstances(account.id, region, TEST_NOW)) {
        instances.push({
          accountId: account.id,
          region,
          httpTokens: view.metadataOptions.httpTokens,
          state: view.state,
        });
      }
    }
  }
  return instances;
}

describe.each(databaseKinds())("overview and regions views on %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: () => TEST_NOW });
    database = await openTestDatabase(kind);
    await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 8),
        settings: SETTINGS,
        databaseUrl: database.url ?? undefined,
        now: () => TEST_NOW,
      },
      { trigger: "cli" },
    );
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("counts the live fleet as the simulator holds it, in total and per account, region and team", async () => {
    const truth = groundTruth(sim);
    const overview = await getOverview(database.prisma, OverviewQuery.parse({}), AT_TEST_NOW);
    expect(overview.today).toBe(today);
    expect(overview.figures.instances).toBe(truth.length);
    expect(overview.figures.required).toBe(truth.filter((item) => item.httpTokens === "required").length);
    expect(overview.figures.optional).toBe(truth.filter((item) => item.httpTokens === "optional").length);
    for (const rows of Object.values(overview.breakdowns)) {
      expect(rows.reduce((sum, row) => sum + row.instances, 0)).toBe(truth.length);
      expect(rows.reduce((sum, row) => sum + row.instancesWithV1Calls, 0)).toBe(overview.figures.instancesWithV1Calls);
      expect(rows.reduce((sum, row) => sum + row.instancesWithRejected, 0)).toBe(
        overview.figures.instancesWithRejected,
      );
    }
    for (const row of overview.breakdowns.regions) {
      expect(row.instances).toBe(truth.filter((item) => item.region === row.key).length);
    }
    expect(overview.readiness.reduce((sum, row) => sum + row.instances, 0)).toBe(truth.length);
    // Instances with v1 / rejected calls: those whose last such call is within the readiness
    // window, straight from the instance table.
    expect(overview.callsWindowDays).toBe(SETTINGS.readinessWindowDays);
    const since = new Date(floorDay(TEST_NOW) - SETTINGS.readinessWindowDays * DAY_MS);
    const { rows } = await database.raw.query<{ v1: number; rejected: number }>(
      `SELECT COUNT(*) FILTER (WHERE last_v1_call_at >= $1)::int AS v1,
         COUNT(*) FILTER (WHERE last_rejected_at >= $1)::int AS rejected
       FROM instance WHERE terminated_at IS NULL`,
      [since],
    );
    expect(overview.figures.instancesWithV1Calls).toBe(rows[0]!.v1);
    expect(overview.figures.instancesWithRejected).toBe(rows[0]!.rejected);
    expect(overview.figures.instancesWithV1Calls).toBeGreaterThan(0);
  });

  it("agrees with readiness: the same window, and each state's counts add up to the figures", async () => {
    const overview = await getOverview(database.prisma, OverviewQuery.parse({}), AT_TEST_NOW);
    const state = (readiness: string) => overview.readiness.find((row) => row.readiness === readiness);
    const total = (field: "required" | "instancesWithV1Calls" | "instancesWithRejected") =>
      overview.readiness.reduce((sum, row) => sum + row[field], 0);
    expect(total("required")).toBe(overview.figures.required);
    expect(total("instancesWithV1Calls")).toBe(overview.figures.instancesWithV1Calls);
    expect(total("instancesWithRejected")).toBe(overview.figures.instancesWithRejected);
    // Broken means rejected calls in the window, Blocked v1 calls in the window: every one of them
    // is in the call figures, which use that same window.
    const broken = state("broken");
    if (broken) expect(broken.instancesWithRejected).toBe(broken.instances);
    const blocked = state("blocked");
    expect(blocked?.instances).toBeGreaterThan(0);
    expect(blocked?.instancesWithV1Calls).toBe(blocked?.instances);
    // Done and Broken are required; the rest of Tokens required has the metadata endpoint off.
    const done = state("done")!;
    expect(done.required).toBe(done.instances);
    expect(overview.figures.required - done.instances - (broken?.instances ?? 0)).toBe(
      state("endpoint-disabled")?.required ?? 0,
    );
  });

  it("merges the daily rollups of the range by day, ending today with today's observed settings", async () => {
    const overview = await getOverview(database.prisma, OverviewQuery.parse({ days: "30" }), AT_TEST_NOW);
    const { rows } = await database.raw.query<{ day: string; v1: number; optional: number | null }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(v1_calls)::float8 AS v1, SUM(http_tokens_optional)::int AS optional
       FROM daily_rollup WHERE team = '*' AND day >= $1::date GROUP BY day ORDER BY day`,
      [new Date(floorDay(TEST_NOW) - 29 * DAY_MS).toISOString().slice(0, 10)],
    );
    expect(overview.series.map((day) => [day.day, day.v1Calls])).toEqual(rows.map((row) => [row.day, row.v1]));
    // Merged in SQL by exactly lib/domain's rules: mergeByDay over the raw rows is the reference.
    const raw = await database.raw.query<RollupDay & { source: string | null }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, instances, http_tokens_required AS required,
         http_tokens_optional AS optional, settings_source AS source, v1_calls AS "v1Calls",
         rejected_calls AS "rejectedCalls"
       FROM daily_rollup WHERE team = '*' AND day >= $1::date`,
      [rows[0]!.day],
    );
    expect(overview.series).toEqual(
      mergeByDay(
        raw.rows.map(({ source, ...row }) => ({
          ...row,
          settingsSource: source === "observed" || source === "reconstructed" ? source : null,
        })),
      ),
    );
    const last = overview.series.at(-1)!;
    expect(last.day).toBe(today);
    expect(last.settingsSource).toBe("observed");
    expect(last.optional).toBe(overview.figures.optional);
    expect(overview.series.every((day) => day.day >= rows[0]!.day)).toBe(true);
    expect(["no-data", "no-progress", "projected"]).toContain(overview.forecast.kind);
  });

  it("narrows every current figure by account, region and team", async () => {
    const truth = groundTruth(sim);
    const all = await getOverview(database.prisma, OverviewQuery.parse({}), AT_TEST_NOW);
    const account = all.breakdowns.accounts[0]!.key;
    const region = all.breakdowns.regions[0]!.key;
    const cell = await getOverview(database.prisma, OverviewQuery.parse({ account, region }), AT_TEST_NOW);
    expect(cell.figures.instances).toBe(
      truth.filter((item) => item.accountId === account && item.region === region).length,
    );
    expect(cell.breakdowns.accounts.map((row) => row.key)).toEqual(cell.figures.instances > 0 ? [account] : []);

    const team = all.breakdowns.teams.find((row) => row.key !== NO_TEAM)!;
    const byTeam = await getOverview(database.prisma, OverviewQuery.parse({ team: team.key }), AT_TEST_NOW);
    expect(byTeam.figures.instances).toBe(team.instances);
    expect(byTeam.breakdowns.teams.map((row) => row.key)).toEqual([team.key]);
    // The team's charts are its own: today's settings are its live counts, each day's calls the sum
    // of its instances' points (complete days only, as rollups hold).
    const last = byTeam.series.at(-1)!;
    expect(last.day).toBe(today);
    expect([last.required, last.optional]).toEqual([byTeam.figures.required, byTeam.figures.optional]);
    const { rows } = await database.raw.query<{ day: string; v1: number }>(
      `SELECT to_char(mp.timestamp, 'YYYY-MM-DD') AS day, SUM(mp.value)::float8 AS v1
       FROM metric_point mp JOIN instance i ON i.id = mp.instance_id
       WHERE i.team = $1 AND mp.metric = 'MetadataNoToken' AND mp.period = 86400
         AND mp.timestamp >= $2::date AND mp.timestamp < $3::date
       GROUP BY 1`,
      [team.key, new Date(floorDay(TEST_NOW) - 89 * DAY_MS).toISOString().slice(0, 10), today],
    );
    const teamV1 = new Map(rows.map((row) => [row.day, row.v1]));
    expect(teamV1.size).toBeGreaterThan(0);
    for (const day of byTeam.series) expect(day.v1Calls, day.day).toBeCloseTo(teamV1.get(day.day) ?? 0, 6);
    const totalV1 = (series: typeof all.series) => series.reduce((sum, day) => sum + day.v1Calls, 0);
    expect(totalV1(byTeam.series)).toBeLessThan(totalV1(all.series));

    // Instances without a team tag are a team of their own on the charts too.
    const untagged = all.breakdowns.teams.find((row) => row.key === NO_TEAM);
    if (untagged) {
      const noTeam = await getOverview(database.prisma, OverviewQuery.parse({ team: NO_TEAM }), AT_TEST_NOW);
      expect(noTeam.series.at(-1)?.instances).toBe(untagged.instances);
    }
  });

  it("lists each collected account-region with its defaults and live counts by state", async () => {
    const truth = groundTruth(sim);
    const view = await getRegionsView(database.prisma, RegionsQuery.parse({}), TEST_NOW);
    expect(view.selected).toBeNull();
    expect(view.cells.length).toBe(sim.fleet.activeAccounts().length * sim.fleet.regions.length);
    for (const cell of view.cells) {
      const inCell = truth.filter((item) => item.accountId === cell.accountId && item.region === cell.region);
      expect(cell.instances).toBe(inCell.length);
      expect(cell.required).toBe(inCell.filter((item) => item.httpTokens === "required").length);
      for (const [state, count] of Object.entries(cell.states)) {
        expect(count).toBe(inCell.filter((item) => item.state === state).length);
      }
    }
    const { rows } = await database.raw.query<{ account_id: string; name: string; http_tokens: string | null }>(
      `SELECT account_id, name, http_tokens FROM region ORDER BY 1, 2`,
    );
    expect(view.cells.map((cell) => [cell.accountId, cell.region, cell.httpTokens])).toEqual(
      rows.map((row) => [row.account_id, row.name, row.http_tokens]),
    );

    const first = view.cells[0]!;
    const selected = await getRegionsView(
      database.prisma,
      RegionsQuery.parse({ account: first.accountId, region: first.region, days: "7" }),
      TEST_NOW,
    );
    expect(selected.selected?.series.length).toBeGreaterThan(0);
    expect(selected.selected?.series.length).toBeLessThanOrEqual(7);
    expect(selected.selected?.series.at(-1)?.instances).toBe(first.instances);
  });
});

describe("query validation names the bad parameter", () => {
  const issues = (schema: { safeParse: (value: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    // safe because a failed safeParse always carries a ZodError
    return formatIssues(result.error as Parameters<typeof formatIssues>[0]);
  };

  it("rejects unknown ranges, malformed accounts and regions", () => {
    expect(issues(OverviewQuery, { days: "5" })).toBe("days: must be one of 7, 30, 90, 365");
    expect(issues(OverviewQuery, { days: "soon" })).toMatch(/^days: /);
    expect(issues(OverviewQuery, { account: "12345" })).toBe("account: must be a 12-digit AWS account id");
    expect(issues(OverviewQuery, { region: "mars" })).toBe("region: must be a region name like eu-west-1");
    expect(issues(OverviewQuery, { team: "" })).toBe("team: must not be empty");
    expect(issues(RegionsQuery, { account: "123456789012" })).toBe(
      "region: account and region select a cell together: give both or neither",
    );
  });

  it("defaults to 90 days and all accounts, regions and teams", () => {
    expect(OverviewQuery.parse({})).toEqual({ account: null, region: null, team: null, days: 90 });
    expect(RegionsQuery.parse({ account: "123456789012", region: "eu-west-1", days: "7" })).toEqual({
      account: "123456789012",
      region: "eu-west-1",
      days: 7,
    });
  });
});
