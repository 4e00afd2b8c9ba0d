import { randomUUID } from "node:crypto";
import { toAwsFailure } from "@/lib/aws/errors";
import { dryRunMetadataDefaults, getMetadataDefaults, modifyMetadataDefaults } from "@/lib/aws/metadata-defaults";
import type { MetadataDefaults } from "@/lib/domain/imds";
import type { AuditAction } from "@/lib/db/write/audit";
import { noteDataChanged } from "@/lib/db/conn/data-version";
import type { CellKey } from "@/lib/db/read/region-change-impact";
import { saveRegionDefaults } from "@/lib/db/write/regions";
import {
  applyTarget,
  changedFields,
  fieldLabel,
  snapshotOf,
  type DefaultsSnapshot,
  type DefaultsTarget,
} from "@/lib/domain/region-defaults";
import { requireRole } from "@/lib/core/actor";
import {
  dryRunThenCall,
  itemResult,
  openAuditRow,
  succeedAuditEntry,
  type ChangeOutcome,
  type ItemResult,
  type ItemResultExtra,
} from "./audited-call";
import type { ChangeContext } from "./context";
import {
  cellKey,
  eachLimited,
  loadStoredCells,
  MANAGED_CODE,
  managedMessage,
  readCurrentDefaults,
  withEc2,
  type CurrentDefaults,
} from "./cells";
import { modifyDefaultsPacer } from "./pacer";
import { buildPreview, type RegionDefaultsPreview } from "./preview-region-defaults";
import { ApplyRegionDefaultsInput } from "./region-defaults-input";
import { throwIfStale } from "./throw-if-stale";

/** One cell's result; refused: a declarative policy manages the region (no AWS call). */
export type CellResult = ItemResult<DefaultsSnapshot>;

export interface ChangeResult {
  changeId: string;
  action: AuditAction;
  cells: CellResult[];
}

export interface CellPlan extends CellKey {
  current: CurrentDefaults;
  target: DefaultsTarget;
  undoOf: string | null;
}

const liveSnapshot = (live: MetadataDefaults) => snapshotOf(live);

/**
 * One change over its cells: per cell an audit row (requested) first, then a DryRun, then the real
 * ModifyInstanceMetadataDefaults, both at the bucket's pace; the row is completed with the outcome
 * and the stored defaults follow what AWS reports afterwards.
 */
export async function runDefaultsChange(
  ctx: ChangeContext,
  action: AuditAction,
  plans: readonly CellPlan[],
): Promise<ChangeResult> {
  const now = () => new Date((ctx.now ?? Date.now)());
  const pacer = ctx.pacer ?? modifyDefaultsPacer;
  const changeId = randomUUID();
  let storedChanged = false;

  try {
    const cells = await eachLimited(plans, ctx.concurrency ?? 4, async (plan): Promise<CellResult> => {
      const before = plan.current.defaults;
      const expected = applyTarget(before, plan.target);
      const entry = {
        changeId,
        action,
        accountId: plan.accountId,
        region: plan.region,
        before: { ...before },
        after: { ...expected },
        undoOf: plan.undoOf,
      };
      const result = (outcome: ChangeOutcome, auditId: string, extra?: ItemResultExtra<DefaultsSnapshot>) =>
        itemResult({ ...plan, before, expected }, outcome, auditId, extra);

      const managed = managedMessage(plan.current);
      if (managed) {
        const row = await openAuditRow(ctx, entry, { code: MANAGED_CODE, message: managed });
        return result("refused", row.id, { errorCode: MANAGED_CODE, message: managed });
      }

      const row = await openAuditRow(ctx, entry);
      return withEc2(ctx, plan, async (ec2) => {
        const key = cellKey(plan);
        const called = await dryRunThenCall(ctx, row.id, {
          take: () => pacer.take(key),
          dryRun: () => dryRunMetadataDefaults(ec2, plan.target),
          call: () => modifyMetadataDefaults(ec2, plan.target),
          auditMessage: (outcome, failure) =>
            outcome === "denied"
              ? `DryRun refused in account ${plan.accountId}, ${plan.region}: ${failure.message}`
              : failure.message,
        });
        if (called.outcome !== "succeeded") {
          const { code, message, requestId } = called.failure;
          return result(called.outcome, row.id, { errorCode: code, message, awsRequestId: requestId ?? null });
        }
        const { requestId } = called.reply;

        // What AWS reports now is what the dashboard shows; if that read fails, what we asked for.
        let after = expected;
        let live: MetadataDefaults | null = null;
        try {
          live = await getMetadataDefaults(ec2);
          after = liveSnapshot(live);
        } catch (error) {
          console.warn(
            `Reading back the defaults of ${key} failed (${toAwsFailure(error).code}); storing the requested values`,
          );
        }
        await saveRegionDefaults(
          ctx.db.raw,
          plan.accountId,
          plan.region,
          live ?? {
            ...after,
            managedBy: Object.values(after).some((value) => value !== null) ? "account" : null,
            managedExceptionMessage: null,
          },
          now(),
        );
        storedChanged = true;
        await succeedAuditEntry(
          ctx,
          row.id,
          requestId,
          changedFields(after, expected).length > 0 ? { ...after } : undefined,
        );
        return result("succeeded", row.id, { awsRequestId: requestId, after });
      });
    });
    return { changeId, action, cells };
  } finally {
    if (storedChanged) await noteDataChanged(ctx.db.prisma);
  }
}

/** Reads every cell's current defaults live (stored where that fails); notes a catch-up write. */
export async function readAllCurrent(ctx: ChangeContext, cells: readonly CellKey[]) {
  const stored = await loadStoredCells(ctx, cells);
  const reads = await eachLimited(cells, ctx.concurrency ?? 4, (cell) =>
    readCurrentDefaults(ctx, cell, stored.get(cellKey(cell))!),
  );
  if (reads.some((read) => read.savedLive)) await noteDataChanged(ctx.db.prisma);
  return reads.map((read) => read.current);
}

function describeDifference(cell: CellKey, seen: DefaultsSnapshot, now: DefaultsSnapshot): string {
  const show = (value: string | number | null) => (value === null ? "not set" : String(value));
  const fields = changedFields(seen, now).map(
    (field) => `${fieldLabel(field)} is now ${show(now[field])} (was ${show(seen[field])})`,
  );
  return `${cell.accountId} ${cell.region}: ${fields.join(", ")}`;
}

/** 409 with a fresh preview when any cell's defaults are no longer what the user saw. */
export async function assertFresh(
  ctx: ChangeContext,
  cells: readonly (CellKey & { seen: DefaultsSnapshot })[],
  current: readonly CurrentDefaults[],
  fresh: () => Promise<RegionDefaultsPreview | null>,
  since: "the preview" | "this change was made" = "the preview",
): Promise<void> {
  const stale = cells.flatMap((cell, index) =>
    changedFields(cell.seen, current[index]!.defaults).length > 0
      ? [describeDifference(cell, cell.seen, current[index]!.defaults)]
      : [],
  );
  await throwIfStale(stale, { subject: "defaults", since, nothing: "changed" }, fresh);
}

/** POST /api/changes/region-defaults: DryRun, then apply the target to every cell, audited. */
export async function applyRegionDefaults({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<ChangeResult> {
  const parsed = ApplyRegionDefaultsInput.parse(input);
  requireRole(ctx.actor, "operator");
  const current = await readAllCurrent(ctx, parsed.cells);
  await assertFresh(
    ctx,
    parsed.cells.map((cell) => ({ accountId: cell.accountId, region: cell.region, seen: cell.before })),
    current,
    () =>
      buildPreview(ctx, {
        cells: parsed.cells.map(({ accountId, region }) => ({ accountId, region })),
        target: parsed.target,
      }),
  );
  return runDefaultsChange(
    ctx,
    "region-defaults.set",
    parsed.cells.map((cell, index) => ({
      accountId: cell.accountId,
      region: cell.region,
      current: current[index]!,
      target: parsed.target,
      undoOf: null,
    })),
  );
}
