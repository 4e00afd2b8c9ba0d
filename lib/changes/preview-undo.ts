import { toAwsFailure, type DryRunResult } from "@/lib/aws/errors";
import { dryRunMetadataOptions } from "@/lib/aws/instance-metadata";
import { dryRunMetadataDefaults } from "@/lib/aws/metadata-defaults";
import type { AuditRecord } from "@/lib/db/write/audit";
import type { InstanceForChange } from "@/lib/db/write/instance-changes";
import { requireRole } from "@/lib/core/actor";
import type { CellPlan } from "./apply-region-defaults";
import { cellKey, eachLimited, withEc2 } from "./cells";
import type { ChangeContext } from "./context";
import type { InstancePlan } from "./enforce-instances";
import { modifyDefaultsPacer, modifyOptionsPacer } from "./pacer";
import type { InstanceEnforcementPreview, PreviewInstance } from "./preview-instance-enforcement";
import { NEW_LAUNCHES_NOTE, previewCells, type PreviewCell } from "./preview-region-defaults";
import { UndoChangeInput } from "./region-defaults-input";
import { planInstanceRollback } from "./rollback-instances";
import { isInstanceChange, loadChange, planDefaultsUndo } from "./undo-change";

// POST /api/changes/{changeId}/undo/preview: what Undo on the Audit page would change, planned
// exactly as the undo itself plans it (live reads, 409 when stale or nothing to undo) and checked
// with a DryRun per account-region or instance. Nothing changes in AWS until the undo is confirmed.

/** What AWS answered a DryRun of the item's undo: allowed, or its error code and message. */
export interface DryRunCheck {
  allowed: boolean;
  errorCode: string | null;
  message: string | null;
}

export interface UndoCell extends PreviewCell {
  /** null: not tried (the region is read-only). */
  dryRun: DryRunCheck | null;
}

export interface UndoInstance extends PreviewInstance {
  /** null: not tried (the instance is left out). */
  dryRun: DryRunCheck | null;
}

/** A row of the change that the undo does not touch, and why. */
export interface LeftOutRow {
  accountId: string;
  region: string;
  instanceId: string | null;
  reason: string;
}

interface UndoPreviewBase {
  changeId: string;
  note: string;
  generatedAt: string;
  /** The change's other rows: failed or refused, already undone, or moving nothing. */
  leftOut: LeftOutRow[];
}

export type UndoPreview =
  | (UndoPreviewBase & {
      kind: "region-defaults";
      cells: UndoCell[];
      totals: { cells: number; toChange: number; readOnly: number; denied: number };
    })
  | (UndoPreviewBase & {
      kind: "instances";
      instances: UndoInstance[];
      totals: InstanceEnforcementPreview["totals"] & { denied: number };
    });

export const UNDO_DEFAULTS_NOTE =
  "Undo puts back each account-region's defaults from before this change (no preference where nothing was set), " +
  "as read from AWS now; each is checked with a DryRun, and nothing changes until you confirm. " +
  NEW_LAUNCHES_NOTE;

export const ROLLBACK_NOTE =
  "Rollback puts back each instance's HttpTokens (and hop limit) from before this enforcement, as read from AWS " +
  "now; each instance is checked with a DryRun, and nothing changes until you confirm. An instance set back to " +
  "optional accepts IMDSv1 calls again.";

/** A DryRun, as a check: a failure to reach AWS at all (credentials, network) is a refusal too. */
async function check(dryRun: () => Promise<DryRunResult>): Promise<DryRunCheck> {
  let result: DryRunResult;
  try {
    result = await dryRun();
  } catch (error) {
    result = { allowed: false, failure: toAwsFailure(error) };
  }
  return result.allowed
    ? { allowed: true, errorCode: null, message: null }
    : { allowed: false, errorCode: result.failure.code, message: result.failure.message };
}

const refusedLine = (where: string, dryRun: DryRunCheck) =>
  `DryRun refused in ${where} (${dryRun.errorCode}): ${dryRun.message} Confirming would fail here.`;

async function previewDefaultsUndo(ctx: ChangeContext, plans: readonly CellPlan[]): Promise<UndoCell[]> {
  const cells = await previewCells(ctx, plans);
  const pacer = ctx.pacer ?? modifyDefaultsPacer;
  return eachLimited(cells, ctx.concurrency ?? 4, async (cell, index): Promise<UndoCell> => {
    if (cell.readOnly) return { ...cell, dryRun: null };
    const key = cellKey(cell);
    const dryRun = await check(async () => {
      await pacer.take(key);
      return withEc2(ctx, cell, (ec2) => dryRunMetadataDefaults(ec2, plans[index]!.target));
    });
    const line = dryRun.allowed
      ? "DryRun: AWS accepts this undo now."
      : refusedLine(`account ${cell.accountId}, ${cell.region}`, dryRun);
    // After the "Changes ... → ..." line, before the impact.
    return { ...cell, summary: [cell.summary[0]!, line, ...cell.summary.slice(1)], dryRun };
  });
}

/** An instance's rollback: where it goes, what to know first, or why it is left out. */
function previewInstance(plan: InstancePlan, row: Pick<InstanceForChange, "state">) {
  const after = {
    httpTokens: plan.target.httpTokens,
    httpPutResponseHopLimit: plan.target.httpPutResponseHopLimit ?? plan.current.httpPutResponseHopLimit,
  };
  const warnings: string[] = [];
  if (!plan.refused) {
    if (after.httpTokens === "optional") warnings.push("IMDSv1 calls will succeed again on this instance");
    if (row.state !== "running") warnings.push(`${row.state}: the setting is kept and takes effect when it runs`);
  }
  return { after, warnings, excluded: plan.refused ? `refused: ${plan.refused.message}` : null };
}

async function previewRollback(
  ctx: ChangeContext,
  { plans, stored }: Awaited<ReturnType<typeof planInstanceRollback>>,
): Promise<UndoInstance[]> {
  const pacer = ctx.optionsPacer ?? modifyOptionsPacer;
  return eachLimited(plans, ctx.concurrency ?? 4, async (plan): Promise<UndoInstance> => {
    const row = stored.get(plan.instanceId)!;
    const { after, warnings, excluded } = previewInstance(plan, row);
    const base: PreviewInstance = {
      instanceId: plan.instanceId,
      name: row.name,
      accountId: plan.accountId,
      region: plan.region,
      state: row.state,
      readiness: row.readiness,
      readinessReason: row.readinessReason,
      current: { ...plan.current, metadataState: row.metadataState },
      after,
      excluded,
      warnings,
    };
    if (excluded) return { ...base, dryRun: null };
    const dryRun = await check(async () => {
      await pacer.take(cellKey(plan));
      return withEc2(ctx, plan, (ec2) => dryRunMetadataOptions(ec2, { instanceId: plan.instanceId, ...plan.target }));
    });
    return dryRun.allowed
      ? { ...base, dryRun }
      : { ...base, warnings: [refusedLine(`account ${plan.accountId}, ${plan.region}`, dryRun), ...warnings], dryRun };
  });
}

/** The change's rows that no plan takes back, each with the reason the plan left it out. */
export function leftOutRows(entries: readonly AuditRecord[], planned: ReadonlySet<string>): LeftOutRow[] {
  return entries
    .filter((entry) => !planned.has(entry.id))
    .map((entry) => ({
      accountId: entry.accountId,
      region: entry.region,
      instanceId: entry.instanceId,
      reason:
        entry.status !== "succeeded"
          ? `${entry.status === "requested" ? "outcome unknown" : entry.status}: the change did not apply here`
          : entry.undoneBy
            ? `already undone (#${entry.undoneBy})`
            : "the change moved no setting here",
    }));
}

/**
 * POST /api/changes/{changeId}/undo/preview: the undo of a change, per account-region (a regional
 * change) or per instance (an enforcement): now -> after, what is left out and why, and each
 * item's DryRun. 404 for an unknown change; 409 as the undo itself would answer.
 */
export async function previewUndo({ ctx, input }: { ctx: ChangeContext; input: unknown }): Promise<UndoPreview> {
  const { changeId } = UndoChangeInput.parse(input);
  requireRole(ctx.actor, "operator");
  const entries = await loadChange(ctx, changeId);
  const base = { changeId, generatedAt: new Date((ctx.now ?? Date.now)()).toISOString() };

  if (isInstanceChange(entries)) {
    const plan = await planInstanceRollback(ctx, changeId, entries);
    const instances = await previewRollback(ctx, plan);
    const toChange = instances.filter((item) => item.excluded === null);
    return {
      ...base,
      kind: "instances",
      note: ROLLBACK_NOTE,
      leftOut: leftOutRows(entries, new Set(plan.plans.map((item) => item.undoOf!))),
      instances,
      totals: {
        selected: instances.length,
        toChange: toChange.length,
        excluded: instances.length - toChange.length,
        withWarnings: toChange.filter((item) => item.warnings.length > 0).length,
        denied: toChange.filter((item) => item.dryRun?.allowed === false).length,
      },
    };
  }

  const plans = await planDefaultsUndo(ctx, changeId, entries);
  const cells = await previewDefaultsUndo(ctx, plans);
  return {
    ...base,
    kind: "region-defaults",
    note: UNDO_DEFAULTS_NOTE,
    leftOut: leftOutRows(entries, new Set(plans.map((plan) => plan.undoOf!))),
    cells,
    totals: {
      cells: cells.length,
      toChange: cells.filter((cell) => cell.readOnly === null).length,
      readOnly: cells.filter((cell) => cell.readOnly !== null).length,
      denied: cells.filter((cell) => cell.dryRun?.allowed === false).length,
    },
  };
}
