import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { applyRegionDefaults } from "@/lib/changes/apply-region-defaults";
import { runCollection, type CollectorDeps } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { findAlertEvaluation, listAlerts, type AlertRecord } from "@/lib/db/write/alerts";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { EMPTY_DEFAULTS, snapshotOf } from "@/lib/domain/region-defaults";
import { floorHour, HOUR_MS } from "@/lib/domain/time";
import { LOCAL_ADMIN } from "@/lib/core/actor";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { manualClock, TEST_NOW } from "@/lib/simulator/testing";
import { acknowledgeAlert } from "./acknowledge-alert";
import { DEFAULT_ALERT_SETTINGS } from "./settings";

// Each alert type over several real collections (simulator -> collector -> database): it fires
// once when its condition appears, stays open (not fired again) while it holds, resolves when it
// clears and fires again when it comes back. The simulated clock moves between runs.

const MINUTE = 60_000;

describe.each(databaseKinds())("alerts after collection runs (%s)", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  const clock = manualClock(TEST_NOW);
  let accountId: string;
  let region: string;
  let otherRegion: string;
  /** Calls IMDSv1 all the time: switched to required it is rejected, switched back it calls v1 again. */
  let busy: string;
  let other: string;

  const deps = (): CollectorDeps => ({
    db: database,
    aws: simulatorContext(sim.url, 2),
    settings: testCollectorSettings({ backfillDays: 3, historyDays: 0 }),
    databaseUrl: database.url ?? undefined,
    now: clock.now,
    alerts: { ...DEFAULT_ALERT_SETTINGS, rejectedWindowHours: 24 },
  });
  const all = async () =>
    (
      await listAlerts(database.prisma, {
        type: null,
        state: null,
        account: null,
        region: null,
        instance: null,
        cursor: null,
        limit: 500,
      })
    ).alerts;
  const openKeys = async () =>
    (await all())
      .filter((a) => a.state === "open")
      .map((a) => a.key)
      .sort();
  const collect = async () => {
    const before = new Set((await all()).map((a) => a.id));
    const run = await runCollection(deps(), { trigger: "cli" });
    const after = await all();
    return { run, fired: after.filter((a) => !before.has(a.id)), alerts: after };
  };
  const setTokens = (id: string, httpTokens: "required" | "optional") =>
    sim.fleet.modifyInstanceMetadataOptions(sim.fleet.findInstance(id)!, { httpTokens }, clock.now());

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: { seed: 3, instances: 60, accounts: 1, regions: 2, now: TEST_NOW, suspendedAccount: false },
      clock: clock.now,
      knobs: { metadataApplyDelayMs: 1_000 },
    });
    database = await openTestDatabase(kind);
    accountId = sim.fleet.managementAccount.id;
    // The home region (where regions are listed) is the one changed; the other one gets denied.
    region = "us-east-1";
    otherRegion = sim.fleet.regions.find((r) => r !== region)!;
    expect(sim.fleet.getRegionalDefaults(accountId, region).managedBy).not.toBe("declarative-policy");
    // HttpTokensEnforced would forbid switching an instance back to optional.
    sim.fleet.modifyInstanceMetadataDefaults(accountId, region, {
      httpTokensEnforced: "no-preference",
      httpTokens: "optional",
    });
    const blocked = sim.fleet
      .listInstances(accountId, region)
      .filter((v) => v.state === "running" && sim.fleet.instanceTruth(v.instanceId).category === "blocked")
      .filter((v) => sim.fleet.instanceTruth(v.instanceId).v1Until === Infinity);
    expect(blocked.length).toBeGreaterThanOrEqual(2);
    busy = blocked[0]!.instanceId;
    other = blocked[1]!.instanceId;
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("fires each condition once, keeps it while it holds, resolves it and fires it again", async () => {
    // Run 1: the fleet's own rejected calls (last 24 h of complete hours) fire, nothing else.
    const first = await collect();
    expect(first.run.status).toBe("succeeded");
    const windowStart = TEST_NOW - 24 * HOUR_MS;
    const rejectedTruth = sim.fleet.regions
      .flatMap((r) => sim.fleet.listInstances(accountId, r))
      .filter(
        (v) =>
          (sim.fleet.metricSum(v.instanceId, "MetadataNoTokenRejected", windowStart, floorHour(TEST_NOW)) ?? 0) > 0,
      )
      .map((v) => `rejected:${v.instanceId}`)
      .sort();
    expect(rejectedTruth.length).toBeGreaterThan(0);
    expect(first.fired.map((a) => a.key).sort()).toEqual(rejectedTruth);
    expect(
      first.fired.every((a) => a.type === "rejected" && a.severity === "critical" && a.runId === first.run.id),
    ).toBe(true);
    expect(await findAlertEvaluation(database.prisma, first.run.id)).toMatchObject({
      status: "ok",
      fired: rejectedTruth.length,
    });

    // busy is switched to required now; a run a few minutes later sees it done (no complete hour of rejections yet).
    setTokens(busy, "required");
    setTokens(other, "required");
    clock.advance(5 * MINUTE);
    const second = await collect();
    expect(second.fired).toEqual([]);
    // Then busy goes back to optional and calls IMDSv1 again; other stays required and is rejected.
    clock.advance(5 * MINUTE);
    setTokens(busy, "optional");
    clock.advance(2 * HOUR_MS);
    const third = await collect();
    expect(third.fired.map((a) => a.key).sort()).toEqual(
      [`rejected:${busy}`, `rejected:${other}`, `v1-after-done:${busy}`].sort(),
    );
    const afterDone = third.fired.find((a) => a.type === "v1-after-done")!;
    expect(afterDone.detail.summary).toMatch(/seen done \(HttpTokens required\) at .* HttpTokens is now optional/);
    const rejectedOther = third.fired.find((a) => a.key === `rejected:${other}`)!;
    expect(rejectedOther.detail.rejectedCalls).toBe(
      sim.fleet.metricSum(other, "MetadataNoTokenRejected", clock.now() - 24 * HOUR_MS, floorHour(clock.now())),
    );

    // Another run with the same conditions fires nothing and keeps one open alert per key.
    clock.advance(HOUR_MS);
    const fourth = await collect();
    expect(fourth.fired).toEqual([]);
    const open = await openKeys();
    expect(new Set(open).size).toBe(open.length);
    expect(open).toEqual(expect.arrayContaining([`rejected:${other}`, `v1-after-done:${busy}`]));
    const kept = fourth.alerts.find((a) => a.key === `rejected:${other}` && a.state === "open")!;
    expect(kept.lastSeenRunId).toBe(fourth.run.id);
    expect(kept.runId).toBe(third.run.id);

    // Outside this dashboard: other back to optional (rejections stop), the region's default changed.
    setTokens(other, "optional");
    sim.fleet.modifyInstanceMetadataDefaults(accountId, region, { httpTokens: "required" });
    clock.advance(25 * HOUR_MS);
    const fifth = await collect();
    // other was seen done in the second run, so its v1 calls now are "after done" too.
    expect(fifth.fired.map((a) => a.key).sort()).toEqual(
      [`drift:${accountId}/${region}`, `v1-after-done:${other}`].sort(),
    );
    const drift = fifth.fired.find((a) => a.type === "drift")!;
    expect(drift.detail.summary).toMatch(/^HttpTokens: optional → required \(expected from the first observation/);
    expect(drift.detail.changes).toEqual([{ field: "HttpTokens", expected: "optional", observed: "required" }]);
    const resolvedOther = fifth.alerts.filter((a) => a.key === `rejected:${other}`);
    expect(resolvedOther.map((a) => [a.state, a.resolvedRunId])).toEqual([["resolved", fifth.run.id]]);

    // Rejections come back: a new alert for the same key.
    setTokens(other, "required");
    clock.advance(2 * HOUR_MS);
    const sixth = await collect();
    expect(sixth.fired.map((a) => a.key)).toEqual([`rejected:${other}`]);
    expect(
      sixth.alerts
        .filter((a) => a.key === `rejected:${other}`)
        .map((a) => a.state)
        .sort(),
    ).toEqual(["open", "resolved"]);
  }, 240_000);

  it("drift follows this dashboard's audited changes; acknowledging accepts what was observed", async () => {
    const driftKey = `drift:${accountId}/${region}`;
    const openDrift = () => all().then((alerts) => alerts.find((a) => a.key === driftKey && a.state === "open"));
    const acknowledged = await acknowledgeAlert({
      ctx: { db: database, actor: LOCAL_ADMIN, now: clock.now },
      input: { alertId: (await openDrift())!.id },
    });
    expect(acknowledged).toMatchObject({ acknowledgedById: "local", acknowledgedByName: "Local user" });
    clock.advance(HOUR_MS);
    expect((await collect()).fired).toEqual([]);
    expect(await openDrift()).toBeUndefined();

    // A change made here is expected, not drift.
    await applyRegionDefaults({
      ctx: {
        db: database,
        aws: simulatorContext(sim.url, 2),
        assumeRoleName: "IMDSDashboardReadOnly",
        actor: LOCAL_ADMIN,
        now: clock.now,
      },
      input: {
        cells: [
          {
            accountId,
            region,
            before: snapshotOf({ ...EMPTY_DEFAULTS, ...sim.fleet.getRegionalDefaults(accountId, region) }),
          },
        ],
        target: { httpTokens: "optional" },
      },
    });
    clock.advance(HOUR_MS);
    expect((await collect()).fired.filter((a) => a.type === "drift")).toEqual([]);

    // The same setting changed outside again: drift against the audited value, fired again.
    sim.fleet.modifyInstanceMetadataDefaults(accountId, region, { httpTokens: "required" });
    clock.advance(HOUR_MS);
    const again = (await collect()).fired.filter((a) => a.type === "drift");
    expect(again.map((a) => a.detail.summary)).toEqual([
      expect.stringMatching(/^HttpTokens: optional → required \(expected from this dashboard's change \(audit #\d+/),
    ]);
  }, 120_000);

  it("a partial run alerts for its failed account-region and leaves that region's alerts alone", async () => {
    const openBefore = (await all()).filter((a) => a.state === "open" && a.region === otherRegion);
    sim.knobs.denied = [{ accountId, region: otherRegion }];
    clock.advance(HOUR_MS);
    const partial = await collect();
    expect(partial.run.status).toBe("partial");
    expect(partial.fired.map((a: AlertRecord) => [a.key, a.type, a.severity])).toEqual([
      [`run:${accountId}/${otherRegion}`, "run", "warning"],
    ]);
    expect(partial.fired[0]!.detail.summary).toMatch(/^UnauthorizedOperation: /);
    // Nothing of the uncollected region resolved.
    const stillOpen = (await all()).filter((a) => a.state === "open" && a.region === otherRegion && a.type !== "run");
    expect(stillOpen.map((a) => a.id).sort()).toEqual(openBefore.map((a) => a.id).sort());

    clock.advance(HOUR_MS);
    expect((await collect()).fired.map((a) => a.key)).toEqual([]);
    sim.knobs.denied = [];
    clock.advance(HOUR_MS);
    const healed = await collect();
    expect(healed.run.status).toBe("succeeded");
    expect(healed.alerts.filter((a) => a.key === `run:${accountId}/${otherRegion}`).map((a) => a.state)).toEqual([
      "resolved",
    ]);
  }, 120_000);
});
