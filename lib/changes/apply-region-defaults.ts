import { randomUUID } from "node:crypto";
import { toAwsFailure } from "@/lib/aws/errors";
import {
  dryRunMetadataDefaults,
  getMetadataDefaults,
  modifyMetadataDefaults,
  type MetadataDefaults,
} from "@/lib/aws/metadata-defaults";
import { completeAuditEntry, createAuditEntry, type AuditAction } from "@/lib/db/audit";
import { noteDataChanged } from "@/lib/db/data-version";
import type { CellKey } from "@/lib/db/region-change-impact";
import { saveRegionDefaults } from "@/lib/db/regions";
import {
  applyTarget,
  changedFields,
  fieldLabel,
  snapshotOf,
  type DefaultsSnapshot,
  type DefaultsTarget,
} from "@/lib/domain/region-defaults";
import { requireRole } from "@/lib/http/actor";
import { AppError } from "@/lib/http/app-error";
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

export type CellOutcome = "succeeded" | "failed" | "denied" | "refused";

export interface CellResult {
  accountId: string;
  region: string;
  /** The cell's audit row (every cell gets one, refused ones included). */
  auditId: string;
  /** denied: the DryRun was refused; refused: a declarative policy manages the region (no AWS call). */
  outcome: CellOutcome;
  errorCode: string | null;
  message: string | null;
  awsRequestId: string | null;
  before: DefaultsSnapshot;
  after: DefaultsSnapshot;
}

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
      const entryBase = {
        changeId,
        actorId: ctx.actor.id,
        actorName: ctx.actor.name,
        action,
        accountId: plan.accountId,
        region: plan.region,
        before: { ...before },
        after: { ...expected },
        undoOf: plan.undoOf,
      };
      const result = (
        outcome: CellOutcome,
        auditId: string,
        extra: Partial<Pick<CellResult, "errorCode" | "message" | "awsRequestId" | "after">> = {},
      ): CellResult => ({
        accountId: plan.accountId,
        region: plan.region,
        auditId,
        outcome,
        errorCode: extra.errorCode ?? null,
        message: extra.message ?? null,
        awsRequestId: extra.awsRequestId ?? null,
        before,
        after: extra.after ?? (outcome === "succeeded" ? expected : before),
      });

      const managed = managedMessage(plan.current);
      if (managed) {
        const entry = await createAuditEntry(ctx.db.prisma, {
          ...entryBase,
          requestedAt: now(),
          refused: { code: MANAGED_CODE, message: managed },
        });
        return result("refused", entry.id, { errorCode: MANAGED_CODE, message: managed });
      }

      const entry = await createAuditEntry(ctx.db.prisma, { ...entryBase, requestedAt: now() });
      // Outside any catch: a throw here must leave the row "requested", as a crash would.
      await ctx.hooks?.afterAuditWrite?.(entry);

      return withEc2(ctx, plan, async (ec2) => {
        const key = cellKey(plan);
        await pacer.take(key);
        const dryRun = await dryRunMetadataDefaults(ec2, plan.target);
        if (!dryRun.allowed) {
          const { code, message, requestId } = dryRun.failure;
          await completeAuditEntry(ctx.db.prisma, entry.id, {
            status: "failed",
            completedAt: now(),
            awsRequestId: requestId ?? null,
            errorCode: code,
            errorMessage: `DryRun refused in account ${plan.accountId}, ${plan.region}: ${message}`,
          });
          return result("denied", entry.id, { errorCode: code, message, awsRequestId: requestId ?? null });
        }

        await pacer.take(key);
        let requestId: string | null;
        try {
          ({ requestId } = await modifyMetadataDefaults(ec2, plan.target));
        } catch (error) {
          const failure = toAwsFailure(error);
          await completeAuditEntry(ctx.db.prisma, entry.id, {
            status: "failed",
            completedAt: now(),
            awsRequestId: failure.requestId ?? null,
            errorCode: failure.code,
            errorMessage: failure.message,
          });
          return result("failed", entry.id, {
            errorCode: failure.code,
            message: failure.message,
            awsRequestId: failure.requestId ?? null,
          });
        }

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
        await completeAuditEntry(ctx.db.prisma, entry.id, {
          status: "succeeded",
          completedAt: now(),
          awsRequestId: requestId,
          ...(changedFields(after, expected).length > 0 ? { after: { ...after } } : {}),
        });
        return result("succeeded", entry.id, { awsRequestId: requestId, after });
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
  since = "the preview",
): Promise<void> {
  const stale = cells.flatMap((cell, index) =>
    changedFields(cell.seen, current[index]!.defaults).length > 0
      ? [describeDifference(cell, cell.seen, current[index]!.defaults)]
      : [],
  );
  if (stale.length === 0) return;
  throw new AppError(
    "Conflict",
    `The defaults changed since ${since}, so nothing was changed: ${stale.join("; ")}.` +
      (since === "the preview" ? " Review the fresh preview and confirm again." : ""),
    { details: { stale, preview: await fresh() } },
  );
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
