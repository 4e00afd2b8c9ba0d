import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFleet, type Fleet } from "./fleet";
import { DAY, HOUR, TEST_NOW } from "./testing";
import type { InstanceCategory } from "./timeline";

const fleet = createFleet({ seed: 1, instances: 2000, now: TEST_NOW, clock: () => TEST_NOW });

function allInstances(f: Fleet) {
  return f.activeAccounts().flatMap((a) => f.regions.flatMap((r) => f.listInstances(a.id, r)));
}

function byCategory(f: Fleet, category: InstanceCategory): string[] {
  return allInstances(f)
    .map((v) => v.instanceId)
    .filter((id) => f.instanceTruth(id).category === category);
}

describe("createFleet", () => {
  it("is deterministic: the same seed gives an identical fleet, another seed a different one", () => {
    const again = createFleet({ seed: 1, instances: 2000, now: TEST_NOW, clock: () => TEST_NOW });
    expect(again.accounts).toEqual(fleet.accounts);
    expect(allInstances(again)).toEqual(allInstances(fleet));
    for (const a of fleet.activeAccounts()) {
      for (const r of fleet.regions) {
        expect(again.getRegionalDefaults(a.id, r)).toEqual(fleet.getRegionalDefaults(a.id, r));
        expect(again.listLaunchTemplates(a.id, r)).toEqual(fleet.listLaunchTemplates(a.id, r));
        expect(again.listImages(a.id, r)).toEqual(fleet.listImages(a.id, r));
      }
    }
    const other = createFleet({ seed: 2, instances: 2000, now: TEST_NOW, clock: () => TEST_NOW });
    expect(allInstances(other).map((v) => v.instanceId)).not.toEqual(allInstances(fleet).map((v) => v.instanceId));
  });

  // Its build time is measured in bench/ (timed assertions in unit tests flake on busy machines).
  it("builds 100,000 instances with unique ids", () => {
    const big = createFleet({ seed: 3, instances: 100_000, accounts: 10, regions: 10, now: TEST_NOW });
    const counts = big.counts(TEST_NOW);
    expect(counts.instances).toBe(100_000);
    const ids = new Set<string>();
    for (const a of big.activeAccounts())
      for (const r of big.regions) for (const v of big.listInstances(a.id, r)) ids.add(v.instanceId);
    expect(ids.size).toBe(100_000);
  });

  it("has the documented accounts, regions and defaults", () => {
    expect(fleet.accounts.map((a) => a.name)).toEqual(["management", "prod-payments", "prod-web", "legacy-closed"]);
    expect(fleet.accounts.every((a) => /^\d{12}$/.test(a.id))).toBe(true);
    expect(fleet.accounts.filter((a) => a.state === "SUSPENDED")).toHaveLength(1);
    const suspended = fleet.accounts.find((a) => a.state === "SUSPENDED");
    expect(suspended && fleet.regions.flatMap((r) => fleet.listInstances(suspended.id, r))).toEqual([]);
    expect(fleet.regions).toEqual(["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]);

    const defaults = fleet
      .activeAccounts()
      .flatMap((a) => fleet.regions.map((r) => fleet.getRegionalDefaults(a.id, r)));
    expect(defaults.filter((d) => d.managedBy === "declarative-policy")).toHaveLength(1);
    expect(defaults.find((d) => d.managedBy === "declarative-policy")?.managedExceptionMessage).toMatch(
      /declarative policy p-/,
    );
    expect(defaults.filter((d) => d.httpTokensEnforced === "enabled")).toHaveLength(1);
    expect(defaults.some((d) => Object.keys(d).length === 0)).toBe(true);
    expect(defaults.some((d) => d.httpTokens === "required" && d.managedBy === "account")).toBe(true);
  });

  it("spreads instances unevenly with realistic states, tags and IMDS settings", () => {
    const counts = fleet.counts();
    expect(counts.instances).toBe(2000);
    const cellSizes = counts.byCell.map((c) => c.instances);
    expect(Math.max(...cellSizes)).toBeGreaterThan(3 * Math.min(...cellSizes));
    const share = (n: number | undefined) => (n ?? 0) / counts.instances;
    expect(share(counts.byState.running)).toBeGreaterThan(0.8);
    expect(share(counts.byState.stopped)).toBeGreaterThan(0.06);
    expect(share(counts.byState.stopped)).toBeLessThan(0.14);
    expect(share(counts.byHttpTokens.required)).toBeGreaterThan(0.45);
    expect(share(counts.byHttpTokens.required)).toBeLessThan(0.65);
    for (const category of ["always-required", "switched", "switched-too-early", "blocked", "ready", "never-v1"]) {
      expect(counts.byCategory[category] ?? 0, category).toBeGreaterThan(0);
    }
    const views = allInstances(fleet);
    expect(views.every((v) => /^i-[0-9a-f]{17}$/.test(v.instanceId))).toBe(true);
    expect(views.every((v) => v.tags.some((t) => t.key === "Name" && /^[a-z-]+-\d+$/.test(t.value)))).toBe(true);
    expect(views.some((v) => v.tags.some((t) => t.key === "aws:ec2launchtemplate:id"))).toBe(true);
    const launchAges = views.map((v) => (TEST_NOW - v.launchTime) / DAY);
    expect(Math.max(...launchAges)).toBeGreaterThan(300);
    expect(launchAges.filter((d) => d < 120).length).toBeGreaterThan(100);
  });

  it("has AMIs with imdsSupport and launch templates whose $Default may lag $Latest", () => {
    const a = fleet.accounts[1];
    if (!a) throw new Error("no account");
    const images = fleet.listImages(a.id, "us-east-1");
    expect(images).toHaveLength(6);
    expect(images.filter((i) => i.imdsSupport === "v2.0").length).toBeGreaterThan(0);
    const templates = fleet
      .activeAccounts()
      .flatMap((acc) => fleet.regions.flatMap((r) => fleet.listLaunchTemplates(acc.id, r)));
    expect(templates.some((t) => t.defaultVersion < t.versions.length)).toBe(true);
    const tokens = templates.flatMap((t) => t.versions.map((v) => v.metadataOptions?.httpTokens ?? "unspecified"));
    expect(new Set(tokens)).toEqual(new Set(["optional", "required", "unspecified"]));
  });

  it("finds instances by id, including ids it never made", () => {
    const v = allInstances(fleet)[123];
    expect(v && fleet.findInstance(v.instanceId)?.instanceId).toBe(v?.instanceId);
    expect(fleet.findInstance("i-0123456789abcdef0")).toBeUndefined();
    expect(fleet.findInstance("nonsense")).toBeUndefined();
  });
});

describe("metric ground truth", () => {
  const day = Math.floor(TEST_NOW / DAY) * DAY - 3 * DAY;

  it("splits every daily sum exactly over its 24 hours and over any cut points", () => {
    const ids = allInstances(fleet).map((v) => v.instanceId);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ids.length - 1 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom("MetadataNoToken" as const, "MetadataNoTokenRejected" as const),
        fc.array(fc.integer({ min: 1, max: 1439 }), { maxLength: 6 }),
        (i, daysBack, metric, cuts) => {
          const id = ids[i] ?? "";
          const start = day - daysBack * DAY;
          const daily = fleet.metricSum(id, metric, start, start + DAY);
          const hourly = Array.from({ length: 24 }, (_, h) =>
            fleet.metricSum(id, metric, start + h * HOUR, start + (h + 1) * HOUR),
          );
          const present = hourly.filter((v): v is number => v !== null);
          if (daily === null) return present.length === 0;
          const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), 1440].map((m) => start + m * 60_000);
          let pieces = 0;
          for (let k = 0; k + 1 < bounds.length; k++)
            pieces += fleet.metricSum(id, metric, bounds[k] ?? 0, bounds[k + 1] ?? 0) ?? 0;
          return present.reduce((s, v) => s + v, 0) === daily && pieces === daily;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reports v1 calls as MetadataNoToken while optional and as Rejected while required", () => {
    const lastDay = [TEST_NOW - DAY, TEST_NOW] as const;
    const running = new Set(
      allInstances(fleet)
        .filter((v) => v.state === "running")
        .map((v) => v.instanceId),
    );
    const blocked = byCategory(fleet, "blocked").filter((id) => running.has(id));
    expect(blocked.length).toBeGreaterThan(10);
    for (const id of blocked.slice(0, 20)) {
      expect(fleet.metricSum(id, "MetadataNoToken", ...lastDay)).toBeGreaterThan(0);
      expect(fleet.metricSum(id, "MetadataNoTokenRejected", ...lastDay)).toBe(0);
    }
    const tooEarly = byCategory(fleet, "switched-too-early");
    expect(tooEarly.length).toBeGreaterThan(5);
    for (const id of tooEarly.slice(0, 20)) {
      const truth = fleet.instanceTruth(id);
      const switched = truth.switchedAt ?? 0;
      const after = [switched, Math.min(TEST_NOW, switched + DAY)] as const;
      expect(fleet.metricSum(id, "MetadataNoToken", ...after) ?? 0).toBe(0);
      expect(fleet.metricSum(id, "MetadataNoTokenRejected", ...after)).toBeGreaterThan(0);
    }
    for (const id of byCategory(fleet, "ready").slice(0, 20)) {
      expect(fleet.metricSum(id, "MetadataNoToken", TEST_NOW - 14 * DAY, TEST_NOW) ?? 0).toBe(0);
    }
  });

  it("reports nothing for stopped instances after they stop, nor in the future", () => {
    const stopped = allInstances(fleet).filter((v) => v.state === "stopped");
    expect(stopped.length).toBeGreaterThan(0);
    for (const v of stopped.slice(0, 20)) {
      const inst = fleet.findInstance(v.instanceId);
      const stopTime = inst?.stopTime ?? 0;
      expect(fleet.metricSum(v.instanceId, "MetadataNoToken", stopTime + 60_000, TEST_NOW)).toBeNull();
    }
    const running = allInstances(fleet).find((v) => v.state === "running");
    expect(running && fleet.metricSum(running.instanceId, "MetadataNoToken", TEST_NOW, TEST_NOW + DAY)).toBeNull();
    expect(
      running && fleet.metricSum(running.instanceId, "MetadataNoToken", TEST_NOW - 600 * DAY, TEST_NOW - 500 * DAY),
    ).toBeNull();
  });
});
