import { EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { simulatorContext } from "@/lib/aws/context";
import { getMetadataDefaults } from "@/lib/aws/metadata-defaults";
import { runCollection } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { listAuditEntries, listChangeEntries } from "@/lib/db/write/audit";
import { readDataVersion } from "@/lib/db/conn/data-version";
import { findRegionDefaults } from "@/lib/db/read/region-change-impact";
import { saveRegionDefaults } from "@/lib/db/write/regions";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { EMPTY_DEFAULTS, snapshotOf, type DefaultsSnapshot } from "@/lib/domain/region-defaults";
import { DAY_MS } from "@/lib/domain/time";
import { LOCAL_ADMIN, type Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { formatIssues } from "@/lib/http/route";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import type { RegionalDefaults } from "@/lib/simulator/types";
import { applyRegionDefaults } from "./apply-region-defaults";
import type { ChangeContext } from "./context";
import { createPacer, MODIFY_DEFAULTS_BUCKET } from "./pacer";
import { NEW_LAUNCHES_NOTE, previewRegionDefaults, type RegionDefaultsPreview } from "./preview-region-defaults";
import { previewUndo, UNDO_DEFAULTS_NOTE } from "./preview-undo";
import { undoChange } from "./undo-change";

// 3 accounts x 2 regions: account 1 / region 1 is managed by a declarative policy, account 2 /
// region 0 has HttpTokensEnforced (lib/simulator/generate.ts).
const FLEET = { seed: 21, instances: 200, accounts: 3, regions: 2, now: TEST_NOW };
const now = () => TEST_NOW;
const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };

const toSnapshot = (d: RegionalDefaults): DefaultsSnapshot => ({
  ...EMPTY_DEFAULTS,
  httpTokens: d.httpTokens ?? null,
  httpPutResponseHopLimit: d.httpPutResponseHopLimit ?? null,
  httpEndpoint: d.httpEndpoint ?? null,
  instanceMetadataTags: d.instanceMetadataTags ?? null,
  httpTokensEnforced: d.httpTokensEnforced ?? null,
});

describe.each(databaseKinds())("regional defaults changes -> simulator -> %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  let accounts: string[];
  let regions: string[];
  let initial: Map<string, RegionalDefaults>;
  const pacer = createPacer(MODIFY_DEFAULTS_BUCKET);

  const ctx = (overrides: Partial<ChangeContext> = {}): ChangeContext => ({
    db: database,
    aws: simulatorContext(sim.url, 3),
    assumeRoleName: "IMDSDashboardReadOnly",
    actor: OPERATOR,
    now,
    // One pacer for the suite, as the app has one per process: AWS's buckets outlive a request.
    pacer,
    ...overrides,
  });
  const cell = (a: number, r: number) => ({ accountId: accounts[a]!, region: regions[r]! });
  const stored = async (c: { accountId: string; region: string }) =>
    snapshotOf((await findRegionDefaults(database.raw, [c])).get(`${c.accountId}/${c.region}`)!);
  /** GetInstanceMetadataDefaults through the SDK, signed as the account (the simulator's AssumeRole keys). */
  const readLive = async (c: { accountId: string; region: string }) => {
    const ec2 = new EC2Client({
      endpoint: sim.url,
      region: c.region,
      maxAttempts: 1,
      credentials: { accessKeyId: `ASIASIM0${c.accountId}`, secretAccessKey: "x" },
    });
    try {
      return snapshotOf(await getMetadataDefaults(ec2));
    } finally {
      ec2.destroy();
    }
  };
  const withBefore = async (cells: { accountId: string; region: string }[]) =>
    Promise.all(cells.map(async (c) => ({ ...c, before: await stored(c) })));
  /** Puts the simulator and the stored defaults back as collected. */
  const restore = async () => {
    for (const a of accounts)
      for (const r of regions) {
        const original = initial.get(`${a}/${r}`)!;
        if (original.managedBy === "declarative-policy") continue;
        const d = toSnapshot(original);
        sim.fleet.modifyInstanceMetadataDefaults(a, r, {
          httpTokens: (d.httpTokens as "optional" | "required" | null) ?? "no-preference",
          httpPutResponseHopLimit: d.httpPutResponseHopLimit ?? -1,
          httpEndpoint: (d.httpEndpoint as "enabled" | "disabled" | null) ?? "no-preference",
          instanceMetadataTags: (d.instanceMetadataTags as "enabled" | "disabled" | null) ?? "no-preference",
          httpTokensEnforced: (d.httpTokensEnforced as "enabled" | "disabled" | null) ?? "no-preference",
        });
        await saveRegionDefaults(
          database.raw,
          a,
          r,
          { ...d, managedBy: original.managedBy ?? null, managedExceptionMessage: null },
          new Date(TEST_NOW),
        );
      }
  };

  beforeAll(async () => {
    sim = await startSimulator({ fleet: FLEET, clock: now, knobs: { tokenBuckets: true } });
    database = await openTestDatabase(kind);
    const run = await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 8),
        settings: testCollectorSettings({ historyDays: 0, backfillDays: 14 }),
        now,
      },
      { trigger: "cli" },
    );
    expect(run.status).toBe("succeeded");
    accounts = sim.fleet.activeAccounts().map((a) => a.id);
    regions = [...sim.fleet.regions];
    initial = new Map(
      accounts.flatMap((a) => regions.map((r) => [`${a}/${r}`, sim.fleet.getRegionalDefaults(a, r)] as const)),
    );
    expect(initial.get(`${accounts[1]}/${regions[1]}`)!.managedBy).toBe("declarative-policy");
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("previews from collected data: current vs target and the impact, each count saying what it counts", async () => {
    const cells = [cell(0, 0), cell(1, 1)];
    const preview = await previewRegionDefaults({ ctx: ctx(), input: { cells, target: { httpTokens: "required" } } });
    expect(preview.note).toBe(NEW_LAUNCHES_NOTE);
    const [plain, managed] = preview.cells;
    expect(plain!.current).toEqual(toSnapshot(initial.get(`${cells[0]!.accountId}/${cells[0]!.region}`)!));
    expect(plain!.after.httpTokens).toBe("required");
    expect(plain!.readOnly).toBeNull();

    // Ground truth from the simulator: instances launched in the last 30 days, and the templates
    // whose $Default or $Latest sets http_tokens=optional.
    const c = cells[0]!;
    const launched = sim.fleet
      .listInstances(c.accountId, c.region)
      .filter((i) => Date.parse(String(i.launchTime)) >= TEST_NOW - 30 * DAY_MS);
    expect(plain!.impact.launchedInWindow).toBe(launched.length);
    expect(plain!.impact.launchedWithoutTemplateTokens).toBeLessThanOrEqual(launched.length);
    const optionalTemplates = sim.fleet
      .listLaunchTemplates(c.accountId, c.region)
      .filter((t) => {
        const latest = Math.max(...t.versions.map((v) => v.versionNumber));
        return t.versions.some(
          (v) =>
            (v.versionNumber === t.defaultVersion || v.versionNumber === latest) &&
            v.metadataOptions?.httpTokens === "optional",
        );
      })
      .map((t) => t.launchTemplateId)
      .sort();
    expect([...new Set(plain!.impact.optionalTemplates.map((t) => t.launchTemplateId))].sort()).toEqual(
      optionalTemplates,
    );
    expect(plain!.summary.join(" ")).toMatch(/In the last 30 days \d+ instances? launched here/);
    expect(plain!.summary.join(" ")).toMatch(/made IMDSv1 calls \(MetadataNoToken\) in the last 7 days/);

    // The managed cell is read-only with the policy's own message.
    expect(managed!.readOnly).toBe(initial.get(`${accounts[1]}/${regions[1]}`)!.managedExceptionMessage);
  });

  it("applies to many cells (DryRun, then the call), audits with the request id, and undo restores AWS", async () => {
    const cells = [cell(0, 0), cell(0, 1)];
    const versionBefore = BigInt(await readDataVersion(database.prisma));
    const target = {
      httpTokens: "required",
      httpPutResponseHopLimit: 3,
      instanceMetadataTags: "no-preference",
    } as const;
    sim.resetStats();
    const result = await applyRegionDefaults({ ctx: ctx(), input: { cells: await withBefore(cells), target } });
    expect(result.cells.map((c) => [c.outcome, c.errorCode])).toEqual([
      ["succeeded", null],
      ["succeeded", null],
    ]);
    // One DryRun and one real call per cell.
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataDefaults"]).toBe(4);
    expect(sim.stats.errors["ec2:RequestLimitExceeded"] ?? 0).toBe(0);

    for (const c of cells) {
      const truth = sim.fleet.getRegionalDefaults(c.accountId, c.region);
      expect(truth.httpTokens).toBe("required");
      expect(truth.httpPutResponseHopLimit).toBe(3);
      expect(truth.instanceMetadataTags).toBeUndefined();
      expect(await readLive(c)).toEqual(toSnapshot(truth));
      // The Regions page shows the new values without waiting for a collection.
      expect(await stored(c)).toEqual(toSnapshot(truth));
    }
    expect(BigInt(await readDataVersion(database.prisma))).toBeGreaterThan(versionBefore);

    const rows = await listChangeEntries(database.prisma, result.changeId);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        status: "succeeded",
        actorId: "op-1",
        actorName: "Olga Operator",
        action: "region-defaults.set",
      });
      expect(row.awsRequestId).toMatch(/\S/);
      expect(row.completedAt).not.toBeNull();
      expect(row.before).toEqual(toSnapshot(initial.get(`${row.accountId}/${row.region}`)!));
    }

    // Undo right away: the shared pacer waits for the cells' buckets instead of being throttled.
    const undo = await undoChange({ ctx: ctx(), input: { changeId: result.changeId } });
    if (!("cells" in undo)) throw new Error("undoing a regional change answers per cell");
    expect(undo.cells.map((c) => c.outcome)).toEqual(["succeeded", "succeeded"]);
    expect(sim.stats.errors["ec2:RequestLimitExceeded"] ?? 0).toBe(0);
    for (const c of cells) {
      const original = initial.get(`${c.accountId}/${c.region}`)!;
      expect(toSnapshot(sim.fleet.getRegionalDefaults(c.accountId, c.region))).toEqual(toSnapshot(original));
      expect(await readLive(c)).toEqual(toSnapshot(original));
      expect(await stored(c)).toEqual(toSnapshot(original));
    }
    // Cells run concurrently, so rows are matched by what they undo rather than by order.
    const undoRows = await listChangeEntries(database.prisma, undo.changeId);
    const undoneBy = new Map(undoRows.map((row) => [row.undoOf, row]));
    expect([...undoneBy.keys()].sort()).toEqual(rows.map((row) => row.id).sort());
    for (const row of undoRows) expect(row).toMatchObject({ action: "region-defaults.undo", status: "succeeded" });
    for (const row of await listChangeEntries(database.prisma, result.changeId)) {
      expect(row.undoneBy).toBe(undoneBy.get(row.id)!.id);
    }
    // A second undo of the same change is refused.
    await expect(undoChange({ ctx: ctx(), input: { changeId: result.changeId } })).rejects.toMatchObject({
      code: "Conflict",
    });
  });

  it("previews an undo (now -> before, a DryRun per cell) without changing AWS, then undoes on confirmation", async () => {
    const cells = [cell(2, 0), cell(2, 1)];
    const result = await applyRegionDefaults({
      ctx: ctx(),
      input: { cells: await withBefore(cells), target: { httpTokens: "required", httpPutResponseHopLimit: 4 } },
    });
    expect(result.cells.map((c) => c.outcome)).toEqual(["succeeded", "succeeded"]);

    sim.resetStats();
    const preview = await previewUndo({ ctx: ctx(), input: { changeId: result.changeId } });
    if (preview.kind !== "region-defaults") throw new Error("a regional change previews per cell");
    expect(preview.note).toBe(UNDO_DEFAULTS_NOTE);
    expect(preview.totals).toEqual({ cells: 2, toChange: 2, readOnly: 0, denied: 0 });
    expect(preview.leftOut).toEqual([]);
    for (const previewed of preview.cells) {
      const original = toSnapshot(initial.get(`${previewed.accountId}/${previewed.region}`)!);
      expect(previewed.current).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 4 });
      expect(previewed.after).toEqual(original);
      expect(previewed.changes).toEqual(expect.arrayContaining(["httpPutResponseHopLimit"]));
      expect(previewed.dryRun).toEqual({ allowed: true, errorCode: null, message: null });
      expect(previewed.summary[0]).toMatch(/^Changes .*HttpPutResponseHopLimit 4 → /);
      expect(previewed.summary[1]).toBe("DryRun: AWS accepts this undo now.");
    }
    // A DryRun per cell and nothing else: AWS and the audit trail are as the change left them.
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataDefaults"]).toBe(2);
    for (const c of cells) expect(sim.fleet.getRegionalDefaults(c.accountId, c.region).httpPutResponseHopLimit).toBe(4);
    expect((await listChangeEntries(database.prisma, result.changeId)).map((row) => row.undoneBy)).toEqual([
      null,
      null,
    ]);

    // A cell whose DryRun AWS refuses is named with AWS's code; nothing is changed either.
    sim.knobs.denied = [{ ...cells[1]! }];
    try {
      const denied = await previewUndo({ ctx: ctx(), input: { changeId: result.changeId } });
      if (denied.kind !== "region-defaults") throw new Error("a regional change previews per cell");
      expect(denied.totals.denied).toBe(1);
      const refused = denied.cells.find((c) => c.region === cells[1]!.region)!;
      expect(refused.dryRun).toMatchObject({ allowed: false, errorCode: "UnauthorizedOperation" });
      expect(refused.summary[1]).toMatch(
        /^DryRun refused in account \d{12}, \S+ \(UnauthorizedOperation\): .* Confirming would fail here\.$/,
      );
    } finally {
      sim.knobs.denied = [];
    }

    // Confirmed: the undo itself, then a second preview is refused as the undo would be.
    const undo = await undoChange({ ctx: ctx(), input: { changeId: result.changeId } });
    if (!("cells" in undo)) throw new Error("undoing a regional change answers per cell");
    expect(undo.cells.map((c) => c.outcome)).toEqual(["succeeded", "succeeded"]);
    await expect(previewUndo({ ctx: ctx(), input: { changeId: result.changeId } })).rejects.toMatchObject({
      code: "Conflict",
      message: `Change ${result.changeId} has already been undone`,
    });
    await expect(
      previewUndo({ ctx: ctx(), input: { changeId: "00000000-0000-4000-8000-000000000000" } }),
    ).rejects.toMatchObject({ code: "NotFound", status: 404 });
    const viewer: Actor = { ...OPERATOR, id: "v", role: "viewer" };
    await expect(
      previewUndo({ ctx: ctx({ actor: viewer }), input: { changeId: result.changeId } }),
    ).rejects.toMatchObject({
      code: "Forbidden",
    });
  });

  it("reports a denied cell alone with its AWS error code; the other cell is applied", async () => {
    const [ok, denied] = [cell(2, 1), cell(0, 0)];
    sim.knobs.denied = [{ ...denied }];
    try {
      const result = await applyRegionDefaults({
        ctx: ctx(),
        input: { cells: await withBefore([ok, denied]), target: { httpEndpoint: "enabled" } },
      });
      expect(result.cells.map((c) => [c.accountId, c.region, c.outcome, c.errorCode])).toEqual([
        [ok.accountId, ok.region, "succeeded", null],
        [denied.accountId, denied.region, "denied", "UnauthorizedOperation"],
      ]);
      expect(sim.fleet.getRegionalDefaults(ok.accountId, ok.region).httpEndpoint).toBe("enabled");
      expect(sim.fleet.getRegionalDefaults(denied.accountId, denied.region).httpEndpoint).toBeUndefined();
      const rows = await listChangeEntries(database.prisma, result.changeId);
      expect(rows.find((row) => row.accountId === denied.accountId)).toMatchObject({
        status: "failed",
        errorCode: "UnauthorizedOperation",
      });
    } finally {
      sim.knobs.denied = [];
      await restore();
    }
  });

  it("refuses a cell managed by a declarative policy with the policy's message, and changes nothing there", async () => {
    const managed = cell(1, 1);
    const before = sim.fleet.getRegionalDefaults(managed.accountId, managed.region);
    const result = await applyRegionDefaults({
      ctx: ctx(),
      input: { cells: await withBefore([managed]), target: { httpTokens: "optional" } },
    });
    expect(result.cells[0]).toMatchObject({
      outcome: "refused",
      errorCode: "ManagedByDeclarativePolicy",
      message: before.managedExceptionMessage,
    });
    expect(sim.fleet.getRegionalDefaults(managed.accountId, managed.region)).toEqual(before);
  });

  it("answers 409 with a fresh preview when the defaults changed since the preview", async () => {
    const c = cell(1, 0);
    const seen = await withBefore([c]);
    // Someone changes the region outside the dashboard.
    sim.fleet.modifyInstanceMetadataDefaults(c.accountId, c.region, {
      httpTokens: "optional",
      httpPutResponseHopLimit: 5,
    });
    try {
      const error = await applyRegionDefaults({
        ctx: ctx(),
        input: { cells: seen, target: { httpTokens: "required" } },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).message).toMatch(/HttpPutResponseHopLimit is now 5 \(was not set\)/);
      const fresh = ((error as AppError).details as { preview: RegionDefaultsPreview }).preview;
      expect(fresh.cells[0]!.current).toMatchObject({ httpTokens: "optional", httpPutResponseHopLimit: 5 });
      expect(sim.fleet.getRegionalDefaults(c.accountId, c.region).httpTokens).toBe("optional");
      // The stored defaults caught up with AWS.
      expect((await stored(c)).httpPutResponseHopLimit).toBe(5);
    } finally {
      await restore();
    }
  });

  it("answers 422 naming the field", async () => {
    const issues = async (input: unknown) => {
      const error = await applyRegionDefaults({ ctx: ctx(), input }).catch((e: unknown) => e);
      if (error instanceof z.ZodError) return formatIssues(error);
      if (error instanceof AppError && error.code === "ValidationFailed") return error.message;
      throw error;
    };
    const good = (await withBefore([cell(0, 0)]))[0]!;
    expect(await issues({ cells: [good, { ...good, region: "mars" }], target: { httpTokens: "required" } })).toBe(
      "cells[1].region: must be a region name like eu-west-1",
    );
    expect(await issues({ cells: [good, { ...good, region: "us-east-7" }], target: { httpTokens: "required" } })).toBe(
      `cells[1].region: "us-east-7" is not a collected region of account ${good.accountId}`,
    );
    expect(await issues({ cells: [good], target: { httpPutResponseHopLimit: 65 } })).toBe(
      "target.httpPutResponseHopLimit: must be a whole number from 1 to 64, or -1 for no preference",
    );
    expect(await issues({ cells: [good], target: { httpTokens: "v2" } })).toBe(
      "target.httpTokens: must be required, optional or no-preference",
    );
  });

  it("leaves a 'requested' row when the process dies between the audit write and the AWS call", async () => {
    const c = cell(2, 1);
    const before = sim.fleet.getRegionalDefaults(c.accountId, c.region);
    sim.resetStats();
    const crash = ctx({
      hooks: {
        afterAuditWrite: async () => {
          throw new Error("simulated crash");
        },
      },
    });
    await expect(
      applyRegionDefaults({ ctx: crash, input: { cells: await withBefore([c]), target: { httpTokens: "required" } } }),
    ).rejects.toThrow("simulated crash");
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataDefaults"] ?? 0).toBe(0);
    expect(sim.fleet.getRegionalDefaults(c.accountId, c.region)).toEqual(before);
    const page = await listAuditEntries(database.prisma, {
      account: c.accountId,
      region: c.region,
      action: null,
      status: "requested",
      actor: null,
      change: null,
      cursor: null,
      limit: 10,
    });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ status: "requested", completedAt: null, awsRequestId: null });
  });

  it("refuses a viewer with 403 before any AWS call", async () => {
    const viewer: Actor = { ...LOCAL_ADMIN, id: "v", name: "Vera Viewer", role: "viewer" };
    const input = { cells: await withBefore([cell(0, 0)]), target: { httpTokens: "required" } };
    await expect(applyRegionDefaults({ ctx: ctx({ actor: viewer }), input })).rejects.toMatchObject({
      code: "Forbidden",
      status: 403,
    });
  });
});
