import { testCollectorSettings } from "@/lib/collector/testing";
import { EC2Client, ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudTrailClient, simulatorContext, type AccountAccess } from "@/lib/aws/context";
import { saveReconstructedDays } from "@/lib/db/write/history";
import { teamFromTags } from "@/lib/aws/instances";
import { ALL_TEAMS, UNTAGGED_TEAM } from "@/lib/db/write/rollups";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import { httpTokensOn } from "@/lib/simulator/cloudtrail/events";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { accountCredentials, clientSettings, manualClock, TEST_NOW } from "@/lib/simulator/testing";
import { collectRegionHistory, httpTokensAtPoint, resolvePoints, type SettingsPoint } from "./collect-history";
import { runCollection } from "./run-collection";

const FLEET = { seed: 23, instances: 500, accounts: 2, regions: 2, now: TEST_NOW };
const SETTINGS = testCollectorSettings({
  backfillDays: 3,
  hourlyHours: 6,
  // Off here: these tests call collectRegionHistory themselves, step by step.
  historyDays: 0,
});
const todayStart = floorDay(TEST_NOW);

describe("resolvePoints", () => {
  const point = (at: number, kind: SettingsPoint["kind"], value: string | null, previous: string | null = null) => ({
    at,
    kind,
    value,
    previous,
    eventId: kind === "observed" ? null : `e${at}`,
  });

  it("takes a change with nothing before it for a switch, and a bare launch from what follows", () => {
    const points = resolvePoints([point(10, "launch", null), point(20, "change", "required")], "required");
    expect(points.map((p) => [p.resolved, p.resolvedPrevious])).toEqual([
      ["optional", null],
      ["required", "optional"],
    ]);
    const life = { launchedAt: 10, terminatedAt: null };
    expect(httpTokensAtPoint(points, life, "required", 5)).toBeNull();
    expect(httpTokensAtPoint(points, life, "required", 15)).toBe("optional");
    expect(httpTokensAtPoint(points, life, "required", 25)).toBe("required");
    expect(httpTokensAtPoint(points, { launchedAt: 10, terminatedAt: 22 }, "required", 25)).toBeNull();
  });

  it("trusts an observation over the switch assumption and keeps a value-less change's value", () => {
    const points = resolvePoints(
      [point(10, "observed", "required"), point(20, "change", "required"), point(30, "change", null)],
      "required",
    );
    expect(points.map((p) => [p.resolved, p.resolvedPrevious])).toEqual([
      ["required", null],
      ["required", "required"],
      ["required", "required"],
    ]);
    // Before the first observation the observed value holds (nothing recorded a change).
    expect(httpTokensAtPoint(points, { launchedAt: null, terminatedAt: null }, "required", 5)).toBe("required");
    const bare = resolvePoints([point(10, "launch", null)], "optional");
    expect(bare[0]?.resolved).toBe("optional");
  });
});

describe.each(databaseKinds())("CloudTrail history -> %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  const clock = manualClock(TEST_NOW);

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: clock.now });
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  const q = (sql: string, params: unknown[] = []) => database.raw.query(sql, params).then((r) => r.rows);
  const aws = () => simulatorContext(sim.url, 4);
  const access = (accountId: string): AccountAccess => ({ accountId, credentials: accountCredentials(accountId) });

  async function historyForAll(now: number) {
    const regions = await q(`SELECT account_id, name FROM region ORDER BY 1, 2`);
    const totals = { events: 0, changes: 0, reconstructedDays: 0, malformed: 0 };
    for (const r of regions) {
      const accountId = String(r.account_id);
      const region = String(r.name);
      const result = await collectRegionHistory({
        db: database,
        cloudtrail: cloudTrailClient(aws(), access(accountId), region),
        accountId,
        region,
        now,
        days: 90,
      });
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
    }
    return { regions, totals };
  }

  it("rebuilds the 90 days before the first collection exactly as the fleet had them", async () => {
    const run = await runCollection(
      { db: database, aws: aws(), settings: SETTINGS, databaseUrl: database.url ?? undefined, now: clock.now },
      { trigger: "cli" },
    );
    expect(run.status).toBe("succeeded");
    const observedBefore = await q(
      `SELECT * FROM daily_rollup WHERE settings_source = 'observed' ORDER BY account_id, region, team, day`,
    );
    expect(observedBefore.length).toBeGreaterThan(0);

    // After the collection: one real switch and one call that changes nothing HttpTokens-wise.
    clock.advance(10 * 60_000);
    const management = sim.fleet.managementAccount.id;
    const region = sim.fleet.regions[0]!;
    const views = sim.fleet.listInstances(management, region);
    const optional = views.find((v) => v.metadataOptions.httpTokens === "optional")!;
    const required = views.find((v) => v.metadataOptions.httpTokens === "required")!;
    const ec2 = new EC2Client(clientSettings(sim, region));
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: optional.instanceId, HttpTokens: "required" }),
    );
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: required.instanceId, HttpTokens: "required" }),
    );
    clock.advance(60_000);
    const historyNow = clock.now();

    const { regions, totals } = await historyForAll(historyNow);
    expect(totals.malformed).toBe(0);
    expect(totals.events).toBeGreaterThan(50);
    expect(totals.changes).toBe(totals.events);
    expect(totals.reconstructedDays).toBe(regions.length * 90);

    const rollups = await q(
      `SELECT account_id, region, team, to_char(day, 'YYYY-MM-DD') AS day, instances, http_tokens_required,
         http_tokens_optional, settings_source FROM daily_rollup WHERE settings_source = 'reconstructed'`,
    );
    expect(rollups.filter((row) => row.team === ALL_TEAMS)).toHaveLength(regions.length * 90);
    const teamsSeen = new Set(rollups.map((row) => row.team));
    expect(teamsSeen.size).toBeGreaterThan(3);
    let checked = 0;
    for (const row of rollups) {
      const day = Date.parse(`${row.day}T00:00:00Z`);
      expect(day).toBeGreaterThanOrEqual(todayStart - 90 * DAY_MS);
      expect(day).toBeLessThan(todayStart);
      const end = day + DAY_MS - 1;
      const truth = { instances: 0, required: 0, optional: 0 };
      for (const view of sim.fleet.listInstances(String(row.account_id), String(row.region))) {
        const team = teamFromTags(Object.fromEntries(view.tags.map((tag) => [tag.key, tag.value]))) ?? UNTAGGED_TEAM;
        if (row.team !== ALL_TEAMS && row.team !== team) continue;
        const tokens = httpTokensOn(sim.fleet, view.instanceId, end);
        if (tokens === null) continue;
        truth.instances++;
        truth[tokens]++;
      }
      expect(
        { instances: row.instances, required: row.http_tokens_required, optional: row.http_tokens_optional },
        `${row.account_id}/${row.region} team ${JSON.stringify(row.team)} ${row.day}`,
      ).toEqual(truth);
      if (truth.required > 0 && truth.optional > 0) checked++;
    }
    expect(checked).toBeGreaterThan(90);

    // Collection-observed days are untouched.
    const observedAfter = await q(
      `SELECT * FROM daily_rollup WHERE settings_source = 'observed' ORDER BY account_id, region, team, day`,
    );
    expect(observedAfter).toEqual(observedBefore);

    // The runtime calls: the switch's previous value comes from the collection's observation.
    const calls = await q(
      `SELECT instance_id, previous_http_tokens, http_tokens FROM instance_settings_change
       WHERE source = 'cloudtrail' AND observed_at > $1 ORDER BY instance_id`,
      [new Date(TEST_NOW)],
    );
    expect(calls).toEqual(
      [
        { instance_id: optional.instanceId, previous_http_tokens: "optional", http_tokens: "required" },
        { instance_id: required.instanceId, previous_http_tokens: "required", http_tokens: "required" },
      ].sort((a, b) => (a.instance_id < b.instance_id ? -1 : 1)),
    );
    const known = await q(`SELECT DISTINCT history_known_through FROM region`);
    expect(known.map((r) => (r.history_known_through as Date).getTime())).toEqual([historyNow]);
  });

  it("adds nothing when the same history is read again", async () => {
    const count = async () => ({
      changes: (await q(`SELECT count(*)::int AS n FROM instance_settings_change`))[0]?.n,
      rollups: await q(`SELECT * FROM daily_rollup ORDER BY account_id, region, team, day`),
    });
    const before = await count();
    const { totals } = await historyForAll(clock.now());
    // The overlap re-reads the last half hour (the two calls among it) and stores nothing new.
    expect(totals.events).toBeGreaterThanOrEqual(2);
    expect({ ...totals, events: 0 }).toEqual({ events: 0, changes: 0, reconstructedDays: 0, malformed: 0 });
    clock.advance(60 * 60_000);
    const later = await historyForAll(clock.now());
    expect(later.totals.changes).toBe(0);
    expect(await count()).toEqual(before);
  });

  it("never overwrites a day with observed counts", async () => {
    const [row] = await q(
      `SELECT account_id, region, day FROM daily_rollup WHERE settings_source = 'observed' LIMIT 1`,
    );
    if (!row) throw new Error("no observed day");
    const before = await q(`SELECT * FROM daily_rollup WHERE account_id = $1 AND region = $2 AND day = $3`, [
      row.account_id,
      row.region,
      row.day,
    ]);
    const written = await saveReconstructedDays(database.raw, {
      accountId: String(row.account_id),
      region: String(row.region),
      days: [
        {
          day: new Date(todayStart),
          team: ALL_TEAMS,
          instances: 9999,
          httpTokensRequired: 1,
          httpTokensOptional: 9998,
        },
      ],
    });
    expect(written).toBe(0);
    const after = await q(`SELECT * FROM daily_rollup WHERE account_id = $1 AND region = $2 AND day = $3`, [
      row.account_id,
      row.region,
      row.day,
    ]);
    expect(after).toEqual(before);
  });
});
