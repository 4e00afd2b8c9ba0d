import { testCollectorSettings } from "@/lib/collector/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { READINESS, type Readiness } from "@/lib/domain/readiness";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { manualClock, TEST_NOW } from "@/lib/simulator/testing";
import type { InstanceCategory } from "@/lib/simulator/timeline";
import { refreshReadiness } from "./readiness";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";

const FLEET = { seed: 5, instances: 400, accounts: 2, regions: 2, now: TEST_NOW };
const WINDOW_DAYS = 14;
const SETTINGS = testCollectorSettings({ readinessWindowDays: WINDOW_DAYS });

describe.each(databaseKinds())("refreshReadiness after a collection (%s)", (kind) => {
  const clock = manualClock(TEST_NOW);
  let sim: RunningSimulator;
  let database: TestDatabase;

  const collect = async () => {
    const run = await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 8),
        settings: SETTINGS,
        databaseUrl: database.url ?? undefined,
        now: clock.now,
      },
      { trigger: "cli" },
    );
    expect(run.status).toBe("succeeded");
  };
  const cells = () =>
    sim.fleet
      .activeAccounts()
      .flatMap((account) => sim.fleet.regions.map((region) => ({ accountId: account.id, region })));
  const refreshAll = async (windowDays = WINDOW_DAYS) => {
    const total = Object.fromEntries(READINESS.map((r) => [r, 0])) as Record<Readiness, number>;
    for (const cell of cells()) {
      const counts = await refreshReadiness(database.raw, { ...cell, now: clock.now(), windowDays });
      for (const readiness of READINESS) total[readiness] += counts[readiness];
    }
    return total;
  };
  const stored = async () => {
    const rows = await database.raw.query<{ id: string; readiness: string | null }>(
      `SELECT id, readiness FROM instance WHERE terminated_at IS NULL ORDER BY id`,
    );
    return new Map(rows.rows.map((row) => [row.id, row.readiness]));
  };

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: clock.now });
    database = await openTestDatabase(kind);
    await collect();
  });
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("stores the verdict the simulator's ground truth implies for every live instance", async () => {
    const counts = await refreshAll();
    const verdicts = await stored();
    expect(verdicts.size).toBeGreaterThan(200);
    expect(Object.values(counts).reduce((t, n) => t + n, 0)).toBe(verdicts.size);
    for (const readiness of READINESS) {
      expect(counts[readiness], readiness).toBe([...verdicts.values()].filter((v) => v === readiness).length);
    }

    const now = clock.now();
    const todayStart = floorDay(now);
    const windowStart = todayStart - WINDOW_DAYS * DAY_MS;
    const fleet = sim.fleet;
    const byCategory = new Map<InstanceCategory, Map<string, number>>();
    for (const [id, readiness] of verdicts) {
      const truth = fleet.instanceTruth(id);
      const v1 = fleet.metricSum(id, "MetadataNoToken", windowStart, now) ?? 0;
      const rejected = fleet.metricSum(id, "MetadataNoTokenRejected", windowStart, now) ?? 0;
      let coveredAllWindow = true;
      for (let day = windowStart; day < todayStart; day += DAY_MS) {
        if (fleet.metricSum(id, "MetadataNoToken", day, day + DAY_MS) === null) coveredAllWindow = false;
      }
      const endpointDisabled = fleet.findInstance(id)?.metadata.httpEndpoint === "disabled";
      const expected = endpointDisabled
        ? "endpoint-disabled"
        : truth.httpTokens === "required"
          ? rejected > 0
            ? "broken"
            : "done"
          : v1 > 0
            ? "blocked"
            : coveredAllWindow
              ? "ready"
              : "unknown";
      expect(readiness, `${id} (${truth.category})`).toBe(expected);

      const tally = byCategory.get(truth.category) ?? new Map<string, number>();
      tally.set(readiness ?? "null", (tally.get(readiness ?? "null") ?? 0) + 1);
      byCategory.set(truth.category, tally);

      // Where the simulator's story maps cleanly onto a verdict.
      if (endpointDisabled) continue;
      if (truth.category === "switched") expect(readiness, id).toBe("done");
      // Required since launch or switched too early: done, or broken while a workload still calls v1.
      if (truth.category === "always-required" || truth.category === "switched-too-early") {
        expect(readiness, id).toBe(
          truth.v1Until !== null && truth.v1Until > windowStart && rejected > 0 ? "broken" : "done",
        );
      }
      if (truth.category === "blocked" && coveredAllWindow) expect(readiness, id).toBe("blocked");
      if ((truth.category === "ready" || truth.category === "never-v1") && coveredAllWindow) {
        expect(readiness, id).toBe("ready");
      }
    }
    // The fleet exercises every verdict.
    for (const readiness of READINESS) {
      expect(counts[readiness], `${readiness} in ${JSON.stringify(Object.fromEntries(byCategory))}`).toBeGreaterThan(0);
    }
    expect(byCategory.get("blocked")?.get("blocked")).toBeGreaterThan(0);
    expect(byCategory.get("switched-too-early")?.get("broken")).toBeGreaterThan(0);
  });

  it("follows the window: a shorter one only adds ready instances", async () => {
    const before = await stored();
    const short = await refreshAll(1);
    const after = await stored();
    let newlyReady = 0;
    for (const [id, readiness] of before) {
      if (readiness === "ready") expect(after.get(id), id).toBe("ready");
      if (readiness !== "ready" && after.get(id) === "ready") newlyReady++;
    }
    expect(newlyReady).toBeGreaterThan(0);
    expect(short.ready).toBe([...after.values()].filter((v) => v === "ready").length);
    await refreshAll();
    expect(await stored()).toEqual(before);
  });

  it("calls a just-switched instance done while pending, and broken once its v1 calls are rejected", async () => {
    const verdicts = await stored();
    const target = [...verdicts].find(
      ([id, readiness]) => readiness === "blocked" && sim.fleet.instanceTruth(id).v1Until === Infinity,
    )?.[0];
    expect(target).toBeDefined();
    sim.fleet.modifyInstanceMetadataOptions(sim.fleet.findInstance(target!)!, { httpTokens: "required" });

    await collect();
    await refreshAll();
    const pending = await database.raw.query<{ metadata_state: string; readiness: string }>(
      `SELECT metadata_state, readiness FROM instance WHERE id = $1`,
      [target],
    );
    expect(pending.rows[0]).toEqual({ metadata_state: "pending", readiness: "done" });

    clock.advance(3 * 3_600_000);
    await collect();
    await refreshAll();
    const later = await database.raw.query<{ metadata_state: string; readiness: string; last_rejected_at: Date }>(
      `SELECT metadata_state, readiness, last_rejected_at FROM instance WHERE id = $1`,
      [target],
    );
    expect(later.rows[0]).toMatchObject({ metadata_state: "applied", readiness: "broken" });
    expect(later.rows[0]!.last_rejected_at.getTime()).toBeGreaterThanOrEqual(TEST_NOW);
  });

  it("returns zero counts for a region without instances", async () => {
    const counts = await refreshReadiness(database.raw, {
      accountId: "000000000000",
      region: "us-east-1",
      now: clock.now(),
      windowDays: WINDOW_DAYS,
    });
    expect(counts).toEqual({ done: 0, ready: 0, blocked: 0, broken: 0, unknown: 0, "endpoint-disabled": 0 });
  });
});
