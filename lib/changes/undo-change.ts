import { listChangeEntries, type AuditRecord } from "@/lib/db/write/audit";
import { DEFAULT_FIELDS, isEmptyTarget, undoTarget, type DefaultsSnapshot } from "@/lib/domain/region-defaults";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import {
  assertFresh,
  readAllCurrent,
  runDefaultsChange,
  type CellPlan,
  type ChangeResult,
} from "./apply-region-defaults";
import type { ChangeContext } from "./context";
import type { InstanceChangeResult } from "./enforce-instances";
import { UndoChangeInput } from "./region-defaults-input";
import { rollbackInstanceChange } from "./rollback-instances";

function asSnapshot(value: unknown, what: string): DefaultsSnapshot {
  if (typeof value !== "object" || value === null) throw new AppError("Internal", `Audit row has no ${what} values`);
  // safe because lib/changes writes before/after as DefaultsSnapshot objects; missing keys read as unset
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    DEFAULT_FIELDS.map((field) => [field, record[field] ?? null]),
  ) as unknown as DefaultsSnapshot;
}

/** The audit rows of a change to take back, or 404 when there is no such change. */
export async function loadChange(ctx: ChangeContext, changeId: string): Promise<AuditRecord[]> {
  const entries = await listChangeEntries(ctx.db.prisma, changeId);
  if (entries.length === 0) throw new AppError("NotFound", `Change ${changeId} does not exist`);
  return entries;
}

export const isInstanceChange = (entries: readonly AuditRecord[]) =>
  entries.some((entry) => entry.action.startsWith("instance-metadata."));

/**
 * What undoing a regional change does, per succeeded cell not undone yet: its previous values
 * (no-preference where nothing was set), planned on its defaults read live now. 409 when there is
 * nothing to undo, or when a cell changed since (the preview and the undo itself both check).
 */
export async function planDefaultsUndo(
  ctx: ChangeContext,
  changeId: string,
  entries: readonly AuditRecord[],
): Promise<CellPlan[]> {
  const succeeded = entries.filter((entry) => entry.status === "succeeded");
  if (succeeded.length === 0) {
    throw new AppError(
      "Conflict",
      `Change ${changeId} changed nothing in AWS (no cell succeeded), so there is nothing to undo`,
    );
  }
  const pending = succeeded.filter((entry) => entry.undoneBy === null);
  if (pending.length === 0) throw new AppError("Conflict", `Change ${changeId} has already been undone`);

  const plans = pending
    .map((entry) => {
      const before = asSnapshot(entry.before, "before");
      const after = asSnapshot(entry.after, "after");
      return { entry, before, after, target: undoTarget(before, after) };
    })
    .filter((plan) => !isEmptyTarget(plan.target));
  if (plans.length === 0)
    throw new AppError("Conflict", `Change ${changeId} moved no setting, so there is nothing to undo`);

  const current = await readAllCurrent(
    ctx,
    plans.map((plan) => plan.entry),
  );
  await assertFresh(
    ctx,
    plans.map((plan) => ({ accountId: plan.entry.accountId, region: plan.entry.region, seen: plan.after })),
    current,
    async () => null,
    "this change was made",
  );
  return plans.map((plan, index) => ({
    accountId: plan.entry.accountId,
    region: plan.entry.region,
    current: current[index]!,
    target: plan.target,
    undoOf: plan.entry.id,
  }));
}

/**
 * POST /api/changes/{changeId}/undo: re-applies each succeeded cell's previous values
 * (no-preference where nothing was set), audited with undo_of. 409 when a cell changed since.
 * An instance enforcement is rolled back instead (lib/changes/rollback-instances.ts). The Audit
 * page shows POST .../undo/preview first (lib/changes/preview-undo.ts) and asks to confirm.
 */
export async function undoChange({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<ChangeResult | InstanceChangeResult> {
  const { changeId } = UndoChangeInput.parse(input);
  requireRole(ctx.actor, "operator");
  const entries = await loadChange(ctx, changeId);
  if (isInstanceChange(entries)) return rollbackInstanceChange(ctx, changeId, entries);
  return runDefaultsChange(ctx, "region-defaults.undo", await planDefaultsUndo(ctx, changeId, entries));
}
