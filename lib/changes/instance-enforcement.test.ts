import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { listAuditEntries, listChangeEntries } from "@/lib/db/write/audit";
import { readDataVersion } from "@/lib/db/conn/data-version";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { formatIssues } from "@/lib/http/route";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import type { ChangeContext } from "./context";
import { applyInstanceEnforcement, type InstanceChangeResult } from "./enforce-instances";
import { createPacer, MODIFY_DEFAULTS_BUCKET, MODIFY_OPTIONS_BUCKET } from "./pacer";
import {
  ENFORCEMENT_NOTE,
  previewInstanceEnforcement,
  type InstanceEnforcementPreview,
} from "./preview-instance-enforcement";
import { previewUndo, ROLLBACK_NOTE } from "./preview-undo";
import { undoChange } from "./undo-change";

// 3 accounts x 2 regions, one account-region with HttpTokensEnforced (lib/simulator/generate.ts).
const FLEET = { seed: 21, instances: 200, accounts: 3, regions: 2, now: TEST_NOW };
const now = () => TEST_NOW;
const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };

interface Row {
  id: string;
  account_id: string;
  region: string;
  http_tokens: string;
  http_put_response_hop_limit: number | null;
  metadata_state: string | null;
  readiness: string | null;
}

describe.each(databaseKinds())("instance enforcement -> simulator -> %s", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  let accounts: string[];
  let regions: string[];
  /** Instances handed out to tests, so no two tests touch the same one. */
  const used = new Set<string>();
  const optionsPacer = createPacer(MODIFY_OPTIONS_BUCKET);
  const pacer = createPacer(MODIFY_DEFAULTS_BUCKET);

  const ctx = (overrides: Partial<ChangeContext> = {}): ChangeContext => ({
    db: database,
    aws: simulatorContext(sim.url, 3),
    assumeRoleName: "IMDSDashboardReadOnly",
    actor: OPERATOR,
    now,
    pacer,
    optionsPacer,
    readinessWindowDays: 14,
    ...overrides,
  });
  const stored = async (id: string): Promise<Row> =>
    (
      await database.raw.query<Row>(
        `SELECT id, account_id, region, http_tokens, http_put_response_hop_limit, metadata_state, readiness
         FROM instance WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  type Cell = { accountId: string; region: string };
  /** The account-region with HttpTokensEnforced, and the others by how many ready instances they hold. */
  let enforcedCell: Cell;
  let plainCells: Cell[];
  /**
   * Takes `count` unused running instances, in `cell` or else outside the enforced account-region,
   * with the given readiness / HttpTokens.
   */
  const take = async (count: number, where: { cell?: Cell; readiness?: string; httpTokens?: string }) => {
    const rows = await database.raw.query<Row>(
      `SELECT id, account_id, region, http_tokens, http_put_response_hop_limit, metadata_state, readiness
       FROM instance WHERE terminated_at IS NULL AND state = 'running'
         AND (CASE WHEN $1::text IS NULL THEN NOT (account_id = $5 AND region = $6)
                   ELSE account_id = $1 AND region = $2 END)
         AND ($3::text IS NULL OR readiness = $3) AND ($4::text IS NULL OR http_tokens = $4)
       ORDER BY id`,
      [
        where.cell?.accountId ?? null,
        where.cell?.region ?? null,
        where.readiness ?? null,
        where.httpTokens ?? null,
        enforcedCell.accountId,
        enforcedCell.region,
      ],
    );
    const picked = rows.rows.filter((row) => !used.has(row.id)).slice(0, count);
    if (picked.length < count) throw new Error(`only ${picked.length} instances match ${JSON.stringify(where)}`);
    for (const row of picked) used.add(row.id);
    return picked;
  };
  const seen = (rows: Row[]) =>
    rows.map((row) => ({
      instanceId: row.id,
      before: { httpTokens: row.http_tokens, httpPutResponseHopLimit: row.http_put_response_hop_limit },
    }));
  /** DescribeInstances through the SDK, signed as the account. */
  const describeLive = async (row: Row) => {
    const ec2 = new EC2Client({
      endpoint: sim.url,
      region: row.region,
      maxAttempts: 1,
      credentials: { accessKeyId: `ASIASIM0${row.account_id}`, secretAccessKey: "x" },
    });
    try {
      const reply = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [row.id] }));
      return reply.Reservations![0]!.Instances![0]!.MetadataOptions!;
    } finally {
      ec2.destroy();
    }
  };
  const truth = (id: string) => sim.fleet.findInstance(id)!.metadata;
  const rollback = async (result: InstanceChangeResult, overrides: Partial<ChangeContext> = {}) => {
    const undone = await undoChange({ ctx: ctx(overrides), input: { changeId: result.changeId } });
    if (!("instances" in undone)) throw new Error("rolling back an enforcement answers per instance");
    return undone;
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
    const cells = accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
    enforcedCell = cells.find(
      (c) => sim.fleet.getRegionalDefaults(c.accountId, c.region).httpTokensEnforced === "enabled",
    )!;
    expect(enforcedCell).toBeDefined();
    const ready = await database.raw.query<{ account_id: string; region: string; n: number }>(
      `SELECT account_id, region, count(*)::int AS n FROM instance WHERE readiness = 'ready' AND state = 'running'
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
    );
    plainCells = ready.rows
      .map((row) => ({ accountId: row.account_id, region: row.region }))
      .filter((c) => c.accountId !== enforcedCell.accountId || c.region !== enforcedCell.region);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("previews current -> target per instance, warns about non-ready ones with the reason, leaves out no-ops", async () => {
    const [ready] = await take(1, { readiness: "ready" });
    const [blocked] = await take(1, { readiness: "blocked" });
    const [done] = await take(1, { httpTokens: "required" });
    const preview = await previewInstanceEnforcement({
      ctx: ctx(),
      input: { instanceIds: [ready!.id, blocked!.id, done!.id], target: { httpPutResponseHopLimit: 2 } },
    });
    expect(preview.note).toBe(ENFORCEMENT_NOTE);
    const [a, b, c] = preview.instances;
    expect(a).toMatchObject({
      instanceId: ready!.id,
      readiness: "ready",
      current: { httpTokens: "optional" },
      after: { httpTokens: "required", httpPutResponseHopLimit: 2 },
      excluded: null,
      warnings: [],
    });
    expect(b!.excluded).toBeNull();
    expect(b!.warnings[0]).toMatch(/^blocked: IMDSv1 calls .* switching now would break them/);
    // Already required: only the hop limit would move, so it is changed, not left out.
    expect(c!.current.httpTokens).toBe("required");
    expect(preview.totals).toMatchObject({ selected: 3, withWarnings: expect.any(Number) });

    const same = await previewInstanceEnforcement({ ctx: ctx(), input: { instanceIds: [done!.id] } });
    expect(same.instances[0]!.excluded).toMatch(/^already HttpTokens=required/);
    // The preview makes no AWS call and changes nothing.
    expect(truth(ready!.id).httpTokens).toBe("optional");
  });

  it("enforces across account-regions (DryRun, then the call), stores pending, audits, and rollback restores", async () => {
    const rows = [
      ...(await take(2, { cell: plainCells[0], readiness: "ready" })),
      ...(await take(1, { cell: plainCells[1], readiness: "ready" })),
    ];
    const hopBefore = rows.map((row) => truth(row.id).httpPutResponseHopLimit);
    const versionBefore = BigInt(await readDataVersion(database.prisma));
    sim.resetStats();
    const result = await applyInstanceEnforcement({
      ctx: ctx(),
      input: { instances: seen(rows), target: { httpTokens: "required", httpPutResponseHopLimit: 3 } },
    });
    expect(result.instances.map((i) => [i.instanceId, i.outcome, i.errorCode])).toEqual(
      rows.map((row) => [row.id, "succeeded", null]),
    );
    // One DryRun and one real call per instance, one batched describe per account-region, no throttling.
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataOptions"]).toBe(6);
    expect(sim.stats.byOperation["ec2:DescribeInstances"]).toBe(2);
    expect(sim.stats.errors["ec2:RequestLimitExceeded"] ?? 0).toBe(0);

    for (const row of rows) {
      expect(truth(row.id)).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 3 });
      expect(await describeLive(row)).toMatchObject({
        HttpTokens: "required",
        HttpPutResponseHopLimit: 3,
        State: "pending",
      });
      // The instances page shows it at once: pending until the next collection sees it applied.
      expect(await stored(row.id)).toMatchObject({
        http_tokens: "required",
        http_put_response_hop_limit: 3,
        metadata_state: "pending",
        readiness: "done",
      });
    }
    expect(BigInt(await readDataVersion(database.prisma))).toBeGreaterThan(versionBefore);
    const summary = await database.raw.query<{ n: number }>(
      `SELECT COALESCE(SUM(instances), 0)::int AS n FROM instance_summary
       WHERE account_id = $1 AND region = $2 AND http_tokens = 'required' AND readiness = 'done'`,
      [rows[0]!.account_id, rows[0]!.region],
    );
    const counted = await database.raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM instance WHERE account_id = $1 AND region = $2 AND http_tokens = 'required'
         AND readiness = 'done'`,
      [rows[0]!.account_id, rows[0]!.region],
    );
    expect(summary.rows[0]!.n).toBe(counted.rows[0]!.n);

    const audit = await listChangeEntries(database.prisma, result.changeId);
    expect(audit).toHaveLength(3);
    for (const [index, row] of rows.entries()) {
      const entry = audit.find((e) => e.instanceId === row.id)!;
      expect(entry).toMatchObject({
        action: "instance-metadata.enforce",
        status: "succeeded",
        actorId: "op-1",
        accountId: row.account_id,
        region: row.region,
        before: { httpTokens: "optional", httpPutResponseHopLimit: hopBefore[index] },
        after: { httpTokens: "required", httpPutResponseHopLimit: 3 },
      });
      expect(entry.awsRequestId).toMatch(/\S/);
    }

    // Roll back right away: the pacer shares the account-regions' buckets with the enforcement.
    const undone = await rollback(result);
    expect(undone.action).toBe("instance-metadata.rollback");
    expect(undone.instances.map((i) => i.outcome)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (const [index, row] of rows.entries()) {
      expect(truth(row.id)).toMatchObject({ httpTokens: "optional", httpPutResponseHopLimit: hopBefore[index] });
      expect(await describeLive(row)).toMatchObject({
        HttpTokens: "optional",
        HttpPutResponseHopLimit: hopBefore[index],
      });
      expect(await stored(row.id)).toMatchObject({ http_tokens: "optional", readiness: "ready" });
    }
    const undoRows = await listChangeEntries(database.prisma, undone.changeId);
    expect(new Set(undoRows.map((row) => row.undoOf))).toEqual(new Set(audit.map((row) => row.id)));
    for (const row of undoRows)
      expect(row).toMatchObject({ action: "instance-metadata.rollback", status: "succeeded" });
    await expect(rollback(result)).rejects.toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/already been rolled back/),
    });
  });

  it("fails a denied account-region alone with its AWS code, account and region; the others are enforced", async () => {
    const [ok] = await take(1, { cell: plainCells[0], readiness: "ready" });
    const [denied] = await take(1, { cell: plainCells[1], httpTokens: "optional" });
    sim.knobs.denied = [{ accountId: denied!.account_id, region: denied!.region }];
    try {
      const result = await applyInstanceEnforcement({ ctx: ctx(), input: { instances: seen([ok!, denied!]) } });
      expect(result.instances.map((i) => [i.instanceId, i.outcome, i.errorCode])).toEqual([
        [ok!.id, "succeeded", null],
        [denied!.id, "denied", "UnauthorizedOperation"],
      ]);
      expect(result.instances[1]!.message).toContain(`${denied!.account_id}, ${denied!.region}`);
      expect(truth(ok!.id).httpTokens).toBe("required");
      expect(truth(denied!.id).httpTokens).toBe("optional");
      const entry = (await listChangeEntries(database.prisma, result.changeId)).find(
        (e) => e.instanceId === denied!.id,
      )!;
      expect(entry).toMatchObject({ status: "failed", errorCode: "UnauthorizedOperation" });
      expect(entry.errorMessage).toContain(`account ${denied!.account_id}, ${denied!.region}`);
      expect((await stored(denied!.id)).http_tokens).toBe("optional");
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("refuses a rollback to optional where HttpTokensEnforced is enabled, with a clear message", async () => {
    const [enforcedRow, enforced2] = await take(2, { cell: enforcedCell, httpTokens: "optional" });
    const [plain] = await take(1, { cell: plainCells[0], httpTokens: "optional" });
    const alone = await applyInstanceEnforcement({ ctx: ctx(), input: { instances: seen([enforcedRow!]) } });
    expect(alone.instances[0]!.outcome).toBe("succeeded");
    const error = await rollback(alone).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).message).toMatch(
      new RegExp(
        `^Rollback refused, nothing was changed: HttpTokensEnforced is enabled for account ${enforcedCell.accountId} in ${enforcedCell.region}`,
      ),
    );
    expect(truth(enforcedRow!.id).httpTokens).toBe("required");
    expect((await listChangeEntries(database.prisma, alone.changeId))[0]!.undoneBy).toBeNull();

    // Mixed: the enforced instance is refused (audited, no AWS call), the other one rolled back.
    const mixed = await applyInstanceEnforcement({ ctx: ctx(), input: { instances: seen([plain!, enforced2!]) } });

    // The Audit page's preview first: what each instance goes back to, the refused one left out
    // with the reason, one DryRun for the other, and nothing changed in AWS.
    sim.resetStats();
    const preview = await previewUndo({ ctx: ctx(), input: { changeId: mixed.changeId } });
    if (preview.kind !== "instances") throw new Error("an enforcement previews per instance");
    expect(preview.note).toBe(ROLLBACK_NOTE);
    expect(preview.totals).toEqual({ selected: 2, toChange: 1, excluded: 1, withWarnings: 1, denied: 0 });
    expect(preview.leftOut).toEqual([]);
    const [plainPreview, enforcedPreview] = preview.instances;
    expect(plainPreview).toMatchObject({
      instanceId: plain!.id,
      current: { httpTokens: "required" },
      after: { httpTokens: "optional" },
      excluded: null,
      dryRun: { allowed: true, errorCode: null, message: null },
      warnings: ["IMDSv1 calls will succeed again on this instance"],
    });
    expect(enforcedPreview).toMatchObject({ instanceId: enforced2!.id, dryRun: null });
    expect(enforcedPreview!.excluded).toMatch(/^refused: HttpTokensEnforced is enabled for account/);
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataOptions"]).toBe(1);
    expect(truth(plain!.id).httpTokens).toBe("required");

    sim.resetStats();
    const undone = await rollback(mixed);
    expect(undone.instances.map((i) => [i.instanceId, i.outcome, i.errorCode])).toEqual([
      [plain!.id, "succeeded", null],
      [enforced2!.id, "refused", "HttpTokensEnforced"],
    ]);
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataOptions"]).toBe(2);
    expect(truth(plain!.id).httpTokens).toBe("optional");
    expect(truth(enforced2!.id).httpTokens).toBe("required");
    const refusedRow = (await listChangeEntries(database.prisma, undone.changeId)).find(
      (e) => e.instanceId === enforced2!.id,
    )!;
    expect(refusedRow).toMatchObject({ status: "failed", errorCode: "HttpTokensEnforced" });
  });

  it("answers 409 with a fresh preview when an instance changed since the preview", async () => {
    const [row] = await take(1, { readiness: "ready" });
    // Someone changes the instance outside the dashboard.
    sim.fleet.modifyInstanceMetadataOptions(sim.fleet.findInstance(row!.id)!, { httpPutResponseHopLimit: 7 });
    const error = await applyInstanceEnforcement({ ctx: ctx(), input: { instances: seen([row!]) } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).message).toMatch(/HttpPutResponseHopLimit is now 7 \(was \d+\)/);
    const fresh = ((error as AppError).details as { preview: InstanceEnforcementPreview }).preview;
    expect(fresh.instances[0]!.current).toMatchObject({ httpTokens: "optional", httpPutResponseHopLimit: 7 });
    expect(truth(row!.id).httpTokens).toBe("optional");
    // The stored row caught up with AWS.
    expect((await stored(row!.id)).http_put_response_hop_limit).toBe(7);
  });

  it("leaves a 'requested' row when the process dies between the audit write and the AWS call", async () => {
    const [row] = await take(1, { readiness: "ready" });
    sim.resetStats();
    const crash = ctx({
      hooks: {
        afterAuditWrite: async () => {
          throw new Error("simulated crash");
        },
      },
    });
    await expect(applyInstanceEnforcement({ ctx: crash, input: { instances: seen([row!]) } })).rejects.toThrow(
      "simulated crash",
    );
    expect(sim.stats.byOperation["ec2:ModifyInstanceMetadataOptions"] ?? 0).toBe(0);
    expect(truth(row!.id).httpTokens).toBe("optional");
    const page = await listAuditEntries(database.prisma, {
      account: row!.account_id,
      region: row!.region,
      action: "instance-metadata.enforce",
      status: "requested",
      actor: null,
      change: null,
      cursor: null,
      limit: 10,
    });
    expect(page.entries.filter((e) => e.instanceId === row!.id)).toEqual([
      expect.objectContaining({ status: "requested", completedAt: null, awsRequestId: null }),
    ]);
  });

  it("answers 422 naming the field, and 403 for a viewer", async () => {
    const issues = async (run: () => Promise<unknown>) => {
      const error = await run().catch((e: unknown) => e);
      if (error instanceof z.ZodError) return formatIssues(error);
      if (error instanceof AppError && error.code === "ValidationFailed") return error.message;
      throw error;
    };
    const [row] = await take(1, {});
    const preview = (input: unknown) => () => previewInstanceEnforcement({ ctx: ctx(), input });
    const apply = (input: unknown) => () => applyInstanceEnforcement({ ctx: ctx(), input });
    expect(await issues(preview({ instanceIds: [row!.id, row!.id.replace("i-", "x-"), "i-1", "nope"] }))).toBe(
      "instanceIds[1]: must be an EC2 instance id like i-0123456789abcdef0; instanceIds[2]: must be an EC2 instance id like i-0123456789abcdef0; instanceIds[3]: must be an EC2 instance id like i-0123456789abcdef0",
    );
    expect(await issues(preview({ instanceIds: [row!.id, "i-0123456789abcdef0"] }))).toBe(
      'instanceIds[1]: "i-0123456789abcdef0" is not a collected instance',
    );
    expect(await issues(preview({ instanceIds: [row!.id], target: { httpPutResponseHopLimit: 65 } }))).toBe(
      "target.httpPutResponseHopLimit: must be a whole number from 1 to 64",
    );
    expect(await issues(preview({ instanceIds: [row!.id], target: { httpTokens: "optional" } }))).toBe(
      "target.httpTokens: must be required (enforcement only turns IMDSv1 off)",
    );
    const many = Array.from({ length: 1001 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    expect(await issues(preview({ instanceIds: many }))).toBe("instanceIds: at most 1000 instances per request");
    expect(await issues(apply({ instances: [...seen([row!]), { ...seen([row!])[0] }] }))).toBe(
      `instances[1].instanceId: ${row!.id} is listed twice`,
    );
    const viewer: Actor = { id: "v", name: "Vera Viewer", role: "viewer", kind: "oidc" };
    await expect(
      applyInstanceEnforcement({ ctx: ctx({ actor: viewer }), input: { instances: seen([row!]) } }),
    ).rejects.toMatchObject({ code: "Forbidden", status: 403 });
  });
});
