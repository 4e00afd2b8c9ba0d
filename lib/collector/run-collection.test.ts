import { testCollectorSettings } from "@/lib/collector/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { readDataVersion } from "@/lib/db/conn/data-version";
import { ALL_TEAMS } from "@/lib/db/write/rollups";
import { getRun } from "@/lib/db/write/runs";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import { AppError } from "@/lib/core/app-error";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import { runCollection, type CollectorDeps, type CollectorSettings } from "./run-collection";

const FLEET = { seed: 11, instances: 240, accounts: 2, regions: 2, now: TEST_NOW };
const SETTINGS = testCollectorSettings();
const now = () => TEST_NOW;
const todayStart = floorDay(TEST_NOW);

function depsFor(
  sim: RunningSimulator,
  database: TestDatabase,
  settings: Partial<CollectorSettings> = {},
): CollectorDeps {
  return {
    db: database,
    aws: simulatorContext(sim.url, 8),
    settings: { ...SETTINGS, ...settings },
    databaseUrl: database.url ?? undefined,
    now,
  };
}

/** Everything collected, minus bookkeeping that legitimately differs between runs (times, run ids). */
async function collectedState(database: TestDatabase) {
  const q = (sql: string) => database.raw.query(sql).then((result) => result.rows);
  return {
    accounts: await q(`SELECT id, name, state, source FROM account ORDER BY id`),
    regions: await q(
      `SELECT account_id, name, http_tokens, http_put_response_hop_limit, http_endpoint, instance_metadata_tags,
         http_tokens_enforced, managed_by, managed_exception_message FROM region ORDER BY 1, 2`,
    ),
    instances: await q(
      `SELECT id, account_id, region, state, image_id, name, team, launch_template_id, http_tokens,
         http_put_response_hop_limit, metrics_known_from, metrics_known_through, hourly_known_through, terminated_at,
         last_v1_call_at, last_rejected_at, readiness
       FROM instance ORDER BY id`,
    ),
    settingsChanges: await q(
      `SELECT instance_id, previous_http_tokens, http_tokens FROM instance_settings_change ORDER BY 1, 2, 3`,
    ),
    images: await q(`SELECT account_id, region, image_id, imds_support FROM image ORDER BY 1, 2, 3`),
    templates: await q(
      `SELECT account_id, region, launch_template_id, version_number, is_default, is_latest, http_tokens
       FROM launch_template_version ORDER BY 1, 2, 3, 4`,
    ),
    points: await q(`SELECT instance_id, metric, period, timestamp, value FROM metric_point ORDER BY 1, 2, 3, 4`),
    coverage: await q(`SELECT instance_id, from_day, to_day FROM metric_coverage ORDER BY 1, 2`),
    rollups: await q(`SELECT * FROM daily_rollup ORDER BY account_id, region, team, day`),
  };
}

describe.each(databaseKinds())("collector -> simulator -> %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: now });
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("collects exactly the simulator's ground truth", async () => {
    const versionBefore = await readDataVersion(database.prisma);
    const run = await runCollection(depsFor(sim, database), { trigger: "cli" });
    expect(run.status).toBe("succeeded");
    // Read caches see the run: the data version moved on.
    expect(BigInt(await readDataVersion(database.prisma))).toBeGreaterThan(BigInt(versionBefore));
    const fleet = sim.fleet;
    const active = fleet.activeAccounts();
    expect(run.unitsTotal).toBe(active.length * fleet.regions.length);
    expect(run.unitsDone).toBe(run.unitsTotal);

    const state = await collectedState(database);
    expect(state.accounts.map((a) => a.id)).toEqual(active.map((a) => a.id).sort());
    // The search text of every instance: its id and tag values, one per line in key order, lower-cased.
    const searchable = await database.raw.query<{ id: string; tags: Record<string, string>; text: string | null }>(
      `SELECT i.id, i.tags, s.text FROM instance i LEFT JOIN instance_search s ON s.instance_id = i.id ORDER BY i.id`,
    );
    for (const row of searchable.rows) {
      const keys = Object.keys(row.tags).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(row.text).toBe([row.id, ...keys.map((key) => row.tags[key])].join("\n").toLowerCase());
    }
    expect(searchable.rows.length).toBeGreaterThan(0);
    // instance_summary is exactly the grouped instance table, with call days kept for the readiness window.
    const grouped = `account_id, region, team, state, http_tokens, readiness, terminated_at IS NOT NULL AS terminated,
      CASE WHEN last_v1_call_at >= $1 THEN last_v1_call_at::date END AS last_v1_day,
      CASE WHEN last_rejected_at >= $1 THEN last_rejected_at::date END AS last_rejected_day`;
    const since = new Date(floorDay(TEST_NOW) - SETTINGS.readinessWindowDays * DAY_MS);
    const fromInstances = await database.raw.query(
      `SELECT ${grouped}, COUNT(*)::int AS n FROM instance GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      [since],
    );
    const fromSummary = await database.raw.query(
      `SELECT account_id, region, team, state, http_tokens, readiness, terminated, last_v1_day, last_rejected_day,
         instances AS n FROM instance_summary ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    );
    expect(fromSummary.rows).toEqual(fromInstances.rows);
    expect(fromSummary.rows.length).toBeLessThan(fromInstances.rows.reduce((sum, row) => sum + Number(row.n), 0));

    const expectedInstances = active.flatMap((account) =>
      fleet.regions.flatMap((region) => fleet.listInstances(account.id, region)),
    );
    expect(expectedInstances.length).toBeGreaterThan(100);
    expect(state.instances.map((i) => i.id)).toEqual(expectedInstances.map((i) => i.instanceId).sort());
    const tokensById = new Map(expectedInstances.map((i) => [i.instanceId, i.metadataOptions.httpTokens]));
    for (const row of state.instances) expect(row.http_tokens).toBe(tokensById.get(String(row.id)));
    expect(run.instancesSeen).toBe(expectedInstances.length);

    for (const account of active) {
      for (const region of fleet.regions) {
        const truth = fleet.getRegionalDefaults(account.id, region);
        const row = state.regions.find((r) => r.account_id === account.id && r.name === region);
        expect(row, `${account.id}/${region}`).toBeDefined();
        expect(row!.http_tokens ?? undefined).toBe(truth.httpTokens);
        expect(row!.http_tokens_enforced ?? undefined).toBe(truth.httpTokensEnforced);
        expect(row!.managed_by ?? undefined).toBe(truth.managedBy);
      }
    }
    expect(state.regions.some((r) => r.managed_by === "declarative-policy")).toBe(true);
    expect(state.images.some((i) => i.imds_support === "v2.0")).toBe(true);
    expect(state.templates.some((t) => t.is_default) && state.templates.some((t) => t.is_latest)).toBe(true);

    // Every instance's stored daily sums over the collected window equal CloudWatch's truth;
    // "no data" (null) stays distinct from zero through the coverage ranges.
    const from = todayStart - SETTINGS.backfillDays * DAY_MS;
    const sums = new Map<string, number>();
    for (const point of state.points.filter((p) => Number(p.period) === 86400)) {
      const key = `${point.instance_id}/${point.metric}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(point.value));
    }
    let withCalls = 0;
    let withoutData = 0;
    for (const instance of expectedInstances) {
      for (const metric of ["MetadataNoToken", "MetadataNoTokenRejected"] as const) {
        const truth = fleet.metricSum(instance.instanceId, metric, from, todayStart);
        expect(sums.get(`${instance.instanceId}/${metric}`) ?? 0, `${instance.instanceId} ${metric}`).toBeCloseTo(
          truth ?? 0,
          6,
        );
        if (metric === "MetadataNoToken" && (truth ?? 0) > 0) withCalls++;
        if (metric === "MetadataNoToken" && truth === null) {
          withoutData++;
          expect(state.coverage.filter((c) => c.instance_id === instance.instanceId)).toEqual([]);
        }
      }
    }
    // The last-call marks agree with CloudWatch up to the last complete hour.
    const lastHour = Math.floor(TEST_NOW / 3_600_000) * 3_600_000;
    for (const row of state.instances) {
      const v1 = fleet.metricSum(String(row.id), "MetadataNoToken", from, lastHour) ?? 0;
      const rejected = fleet.metricSum(String(row.id), "MetadataNoTokenRejected", from, lastHour) ?? 0;
      expect(row.last_v1_call_at !== null, `${row.id} last_v1_call_at`).toBe(v1 > 0);
      expect(row.last_rejected_at !== null, `${row.id} last_rejected_at`).toBe(rejected > 0);
    }
    // The unit's readiness phase gave every live instance a verdict.
    expect(state.instances.filter((row) => row.readiness === null)).toEqual([]);
    expect(new Set(state.instances.map((row) => row.readiness)).size).toBeGreaterThan(2);
    expect(withCalls).toBeGreaterThan(0);
    expect(withoutData).toBeGreaterThan(0);
    expect(state.points.some((p) => p.metric === "MetadataNoTokenRejected")).toBe(true);

    // Rollups agree with the points they summarise, and each day's team rows add up to its total.
    const totals = state.rollups.filter((r) => r.team === ALL_TEAMS);
    const rollupV1 = totals.reduce((total, r) => total + Number(r.v1_calls), 0);
    const pointsV1 = [...sums].filter(([key]) => key.endsWith("/MetadataNoToken")).reduce((t, [, v]) => t + v, 0);
    expect(rollupV1).toBeCloseTo(pointsV1, 6);
    const teamSums = new Map<string, { v1: number; instances: number }>();
    for (const r of state.rollups.filter((r) => r.team !== ALL_TEAMS)) {
      const key = `${String(r.account_id)}/${String(r.region)}/${String(r.day)}`;
      const sum = teamSums.get(key) ?? { v1: 0, instances: 0 };
      teamSums.set(key, { v1: sum.v1 + Number(r.v1_calls), instances: sum.instances + Number(r.instances ?? 0) });
    }
    expect(teamSums.size).toBe(totals.length);
    for (const r of totals) {
      const sum = teamSums.get(`${String(r.account_id)}/${String(r.region)}/${String(r.day)}`);
      expect(sum?.v1).toBeCloseTo(Number(r.v1_calls), 6);
      expect(sum?.instances).toBe(Number(r.instances ?? 0));
    }
    const today = totals.filter(
      (r) =>
        new Date(String(r.day)).getTime() === todayStart ||
        String(r.day).startsWith(new Date(todayStart).toISOString().slice(0, 10)),
    );
    expect(today.reduce((t, r) => t + Number(r.instances), 0)).toBe(expectedInstances.length);
  });

  it("adds nothing on a second run", async () => {
    const before = await collectedState(database);
    const run = await runCollection(depsFor(sim, database), { trigger: "cli" });
    expect(run.status).toBe("succeeded");
    expect(await collectedState(database)).toEqual(before);
  });

  it("records a settings change made in AWS, once", async () => {
    const fleet = sim.fleet;
    const account = fleet.activeAccounts()[0]!;
    const region = fleet.regions[0]!;
    const target = fleet.listInstances(account.id, region).find((i) => i.metadataOptions.httpTokens === "optional");
    expect(target).toBeDefined();
    const instance = fleet.findInstance(target!.instanceId)!;
    await runCollection(depsFor(sim, database), { trigger: "cli" });
    fleet.modifyInstanceMetadataOptions(instance, { httpTokens: "required" });

    await runCollection(depsFor(sim, database), { trigger: "cli" });
    await runCollection(depsFor(sim, database), { trigger: "cli" });
    const changes = await database.raw.query(
      `SELECT source, previous_http_tokens, http_tokens, observed_at FROM instance_settings_change WHERE instance_id = $1 ORDER BY observed_at, id`,
      [target!.instanceId],
    );
    const bySource = (source: string) =>
      changes.rows
        .filter((row) => row.source === source)
        .map(({ previous_http_tokens, http_tokens }) => ({ previous_http_tokens, http_tokens }));
    expect(bySource("observed")).toEqual([
      { previous_http_tokens: null, http_tokens: "optional" },
      { previous_http_tokens: "optional", http_tokens: "required" },
    ]);
    // CloudTrail's ModifyInstanceMetadataOptions event records the same switch, once.
    expect(bySource("cloudtrail").filter((row) => row.http_tokens === "required")).toEqual([
      { previous_http_tokens: "optional", http_tokens: "required" },
    ]);
  });

  it("completes under 20% throttling", async () => {
    sim.knobs.throttleRate = 0.2;
    sim.resetStats();
    try {
      const run = await runCollection(depsFor(sim, database), { trigger: "cli" });
      expect(run.status).toBe("succeeded");
      const throttled = Object.entries(sim.stats.errors).filter(([code]) =>
        /RequestLimitExceeded|Throttling/.test(code),
      );
      expect(throttled.reduce((t, [, n]) => t + n, 0)).toBeGreaterThan(0);
    } finally {
      sim.knobs.throttleRate = 0;
    }
  });

  it("marks a run partial when one account-region is denied, and completes the rest", async () => {
    const account = sim.fleet.activeAccounts()[1]!;
    const region = sim.fleet.regions[1]!;
    sim.knobs.denied = [{ accountId: account.id, region, code: "UnauthorizedOperation" }];
    try {
      const run = await runCollection(depsFor(sim, database), { trigger: "cli" });
      expect(run.status).toBe("partial");
      expect(run.error).toBe(`1 of ${run.unitsTotal} account-regions failed`);
      const detail = await getRun(database.prisma, run.id);
      const failed = detail.units.filter((u) => u.status === "failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ accountId: account.id, region, errorCode: "UnauthorizedOperation" });
      expect(failed[0]!.errorMessage).toMatch(/^instances: /);
      expect(detail.units.filter((u) => u.status === "ok")).toHaveLength(run.unitsTotal - 1);
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("refuses a second run while one is in progress", async () => {
    sim.knobs.latencyMs = 30;
    try {
      const first = runCollection(depsFor(sim, database), { trigger: "cli" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await runCollection(depsFor(sim, database), { trigger: "api" }).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(AppError);
      expect((second as AppError).code).toBe("Conflict");
      expect((second as AppError).message).toMatch(/already in progress/);
      expect((await first).status).toBe("succeeded");
    } finally {
      sim.knobs.latencyMs = 0;
    }
  });
});

describe.each(databaseKinds())("a run aborted midway, then re-run (%s)", (kind) => {
  it("gives the same data as one uninterrupted run", async () => {
    const simA = await startSimulator({ fleet: FLEET, clock: now });
    const simB = await startSimulator({ fleet: FLEET, clock: now });
    const interrupted = await openTestDatabase(kind);
    const uninterrupted = await openTestDatabase(kind);
    try {
      const controller = new AbortController();
      let aborted = false;
      const first = await runCollection(depsFor(simA, interrupted, { concurrency: 1 }), {
        trigger: "cli",
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done === 1 && !aborted) {
            aborted = true;
            controller.abort(new Error("killed"));
          }
        },
      });
      expect(first.status).toBe("aborted");
      expect(first.unitsDone).toBeLessThan(first.unitsTotal);

      const rerun = await runCollection(depsFor(simA, interrupted), { trigger: "cli" });
      expect(rerun.status).toBe("succeeded");
      const once = await runCollection(depsFor(simB, uninterrupted), { trigger: "cli" });
      expect(once.status).toBe("succeeded");

      expect(await collectedState(interrupted)).toEqual(await collectedState(uninterrupted));
    } finally {
      await interrupted.close();
      await uninterrupted.close();
      await simA.close();
      await simB.close();
    }
  });
});

describe.each(databaseKinds())("an account whose regions cannot be listed (%s)", (kind) => {
  const REGIONS_FLEET = { seed: 12, instances: 180, accounts: 3, regions: 3, now: TEST_NOW };
  const HOME = "us-east-1";
  let sim: RunningSimulator;
  let database: TestDatabase;
  const quick = { historyDays: 0, backfillDays: 3 };

  beforeAll(async () => {
    sim = await startSimulator({ fleet: REGIONS_FLEET, clock: now });
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  const instancesByRegion = async (accountId: string) => {
    const rows = await database.raw.query<{ region: string; n: number }>(
      `SELECT region, COUNT(*)::int AS n FROM instance WHERE account_id = $1 GROUP BY region ORDER BY region`,
      [accountId],
    );
    return Object.fromEntries(rows.rows.map((row) => [row.region, Number(row.n)]));
  };
  const truthByRegion = (accountId: string) =>
    Object.fromEntries(
      [...sim.fleet.regions].sort().map((region) => [region, sim.fleet.listInstances(accountId, region).length]),
    );

  it("fails only its discovery unit, names the error, and collects every region from the other accounts' regions", async () => {
    const denied = sim.fleet.activeAccounts()[1]!;
    expect(HOME).toBe(simulatorContext(sim.url, 1).homeRegion);
    sim.knobs.denied = [{ accountId: denied.id, region: HOME, operations: ["DescribeRegions"] }];
    try {
      const run = await runCollection(depsFor(sim, database, quick), { trigger: "cli" });
      expect(run.status).toBe("partial");
      expect(run.error).toBe(
        `UnauthorizedOperation: could not list the regions of account ${denied.id} in ${HOME}; ` +
          `collected the ${sim.fleet.regions.length} regions enabled in the organisation's other accounts instead`,
      );
      expect(run.accountsNotAttempted).toBe(0);

      const detail = await getRun(database.prisma, run.id);
      const discovery = detail.units.filter((unit) => unit.kind === "discovery");
      expect(discovery).toEqual([
        expect.objectContaining({
          accountId: denied.id,
          region: HOME,
          status: "failed",
          errorCode: "UnauthorizedOperation",
          regionFallback: "other-accounts",
        }),
      ]);
      expect(discovery[0]!.errorMessage).toMatch(/^Could not list the account's regions \(DescribeRegions\): /);
      // Every region of the denied account is its own unit, collected to the simulator's ground truth.
      const deniedUnits = detail.units.filter((unit) => unit.accountId === denied.id && unit.kind === "collect");
      expect(deniedUnits.map((unit) => unit.region)).toEqual([...sim.fleet.regions].sort());
      expect(deniedUnits.every((unit) => unit.status === "ok")).toBe(true);
      const truth = truthByRegion(denied.id);
      expect(Object.fromEntries(deniedUnits.map((unit) => [unit.region, unit.instances]))).toEqual(truth);
      expect(await instancesByRegion(denied.id)).toEqual(truth);
      expect(Object.values(truth).every((n) => n > 0)).toBe(true);

      const active = sim.fleet.activeAccounts();
      // The counts are account-regions; the failed listing is counted apart.
      expect(run.unitsTotal).toBe(active.length * sim.fleet.regions.length);
      expect(run.unitsDone).toBe(run.unitsTotal);
      expect(run.unitsFailed).toBe(0);
      expect(run.regionListingsFailed).toBe(1);
      const allTruth = active.flatMap((account) =>
        sim.fleet.regions.flatMap((region) => sim.fleet.listInstances(account.id, region)),
      );
      expect(run.instancesSeen).toBe(allTruth.length);
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("keeps the discovery failure apart from the home region's own failure when all of EC2 is denied there", async () => {
    const denied = sim.fleet.activeAccounts()[2]!;
    sim.knobs.denied = [{ accountId: denied.id, region: HOME }];
    try {
      const run = await runCollection(depsFor(sim, database, quick), { trigger: "cli" });
      expect(run.status).toBe("partial");
      expect(run.error).toMatch(
        new RegExp(`^UnauthorizedOperation: could not list the regions of account ${denied.id} in ${HOME}; `),
      );
      expect(run.error).toMatch(
        new RegExp(`; 1 of ${sim.fleet.activeAccounts().length * sim.fleet.regions.length} account-regions failed$`),
      );
      const units = (await getRun(database.prisma, run.id)).units.filter((unit) => unit.accountId === denied.id);
      // The discovery row leads the account's rows, then one row per region.
      expect(units.map((unit) => [unit.kind, unit.region, unit.status, unit.errorCode])).toEqual([
        ["discovery", HOME, "failed", "UnauthorizedOperation"],
        ...[...sim.fleet.regions]
          .sort()
          .map((region) =>
            region === HOME ? ["collect", region, "failed", "UnauthorizedOperation"] : ["collect", region, "ok", null],
          ),
      ]);
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("takes AWS_REGIONS first: no listing is needed, so a denied DescribeRegions changes nothing", async () => {
    const denied = sim.fleet.activeAccounts()[1]!;
    const configured = [sim.fleet.regions[2]!, sim.fleet.regions[1]!];
    sim.knobs.denied = [{ accountId: denied.id, region: HOME, operations: ["DescribeRegions"] }];
    sim.resetStats();
    try {
      const run = await runCollection(depsFor(sim, database, { ...quick, regions: configured }), { trigger: "cli" });
      expect(run.status).toBe("succeeded");
      expect(run.error).toBeNull();
      expect(sim.stats.byOperation["ec2:DescribeRegions"] ?? 0).toBe(0);
      const units = (await getRun(database.prisma, run.id)).units.filter((unit) => unit.accountId === denied.id);
      expect(units.map((unit) => [unit.kind, unit.region, unit.status])).toEqual(
        [...configured].sort().map((region) => ["collect", region, "ok"]),
      );
      for (const unit of units) expect(unit.instances).toBe(sim.fleet.listInstances(denied.id, unit.region).length);
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("counts and explains accounts whose regions were never attempted when no fallback exists", async () => {
    const active = sim.fleet.activeAccounts();
    sim.knobs.denied = active.map((account) => ({
      accountId: account.id,
      region: HOME,
      operations: ["DescribeRegions"],
    }));
    sim.resetStats();
    try {
      const run = await runCollection(depsFor(sim, database, quick), { trigger: "cli" });
      expect(run.status).toBe("failed");
      expect(run.accountsNotAttempted).toBe(active.length);
      expect(run.regionListingsFailed).toBe(active.length);
      expect([run.unitsTotal, run.unitsDone, run.unitsFailed]).toEqual([0, 0, 0]);
      expect(run.error).toMatch(/its regions were never attempted: AWS_REGIONS is not set/);
      expect(run.error).toMatch(new RegExp(`; the regions of ${active.length} accounts were never attempted$`));
      const units = (await getRun(database.prisma, run.id)).units;
      expect(
        units.map((unit) => [unit.accountId, unit.kind, unit.region, unit.status, unit.errorCode, unit.regionFallback]),
      ).toEqual(
        active
          .map((account) => account.id)
          .sort()
          .map((id) => [id, "discovery", HOME, "failed", "UnauthorizedOperation", "none"]),
      );
      // Nothing beyond the listings was attempted.
      expect(Object.keys(sim.stats.byOperation)).toEqual(expect.arrayContaining(["ec2:DescribeRegions"]));
      expect(sim.stats.byOperation["ec2:DescribeInstances"] ?? 0).toBe(0);
    } finally {
      sim.knobs.denied = [];
    }
  });
});
