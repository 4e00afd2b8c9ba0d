import type { AuditRecord } from "@/lib/db/write/audit";
import type { InstanceForChange } from "@/lib/db/write/instance-changes";
import { AppError } from "@/lib/core/app-error";
import { readAllCurrent } from "./apply-region-defaults";
import { cellKey } from "./cells";
import type { ChangeContext } from "./context";
import {
  describeStale,
  readLiveInstances,
  runInstanceChange,
  type InstanceChangeResult,
  type InstancePlan,
} from "./enforce-instances";
import { MAX_INSTANCES_PER_CHANGE } from "./instance-enforcement-input";
import {
  loadStoredInstances,
  optionsTarget,
  sameSettings,
  type InstanceSettings,
} from "./preview-instance-enforcement";
import { throwIfStale } from "./throw-if-stale";

/** Our code for a rollback refused because the region's HttpTokensEnforced forbids optional (no AWS call). */
const ENFORCED_CODE = "HttpTokensEnforced";

function asSettings(value: unknown, what: string): InstanceSettings {
  if (typeof value !== "object" || value === null) throw new AppError("Internal", `Audit row has no ${what} values`);
  // safe because lib/changes writes before/after as InstanceSettings objects; missing keys read as unset
  const record = value as Record<string, unknown>;
  return {
    httpTokens: typeof record.httpTokens === "string" ? record.httpTokens : "optional",
    httpPutResponseHopLimit: typeof record.httpPutResponseHopLimit === "number" ? record.httpPutResponseHopLimit : null,
  };
}

const enforcedMessage = (cell: { accountId: string; region: string }) =>
  `HttpTokensEnforced is enabled for account ${cell.accountId} in ${cell.region}: EC2 refuses to set its instances ` +
  "back to HttpTokens=optional. Turn HttpTokensEnforced off for that region (Regions page) first, then roll back.";

export interface InstanceRollbackPlan {
  /** By instance id; a plan with `refused` is audited as refused, not sent to AWS. */
  plans: InstancePlan[];
  stored: ReadonlyMap<string, InstanceForChange>;
}

/**
 * What rolling back an instance enforcement does, per succeeded instance not rolled back yet: its
 * previous HttpTokens (and hop limit), planned on its settings read live now. 409 when there is
 * nothing to roll back or an instance changed since; instances in a region whose
 * HttpTokensEnforced is enabled are refused (a 409 when that is every instance).
 */
export async function planInstanceRollback(
  ctx: ChangeContext,
  changeId: string,
  entries: readonly AuditRecord[],
): Promise<InstanceRollbackPlan> {
  if (entries.some((entry) => entry.action === "instance-metadata.rollback"))
    throw new AppError("Conflict", `Change ${changeId} is itself a rollback; enforce the instances again instead`);
  const succeeded = entries.filter((entry) => entry.status === "succeeded" && entry.instanceId !== null);
  if (succeeded.length === 0)
    throw new AppError("Conflict", `Change ${changeId} changed no instance in AWS, so there is nothing to roll back`);
  const pending = succeeded.filter((entry) => entry.undoneBy === null);
  if (pending.length === 0) throw new AppError("Conflict", `Change ${changeId} has already been rolled back`);

  const plans = pending
    .map((entry) => ({ entry, before: asSettings(entry.before, "before"), after: asSettings(entry.after, "after") }))
    .filter((plan) => !sameSettings(plan.before, plan.after))
    .slice(0, MAX_INSTANCES_PER_CHANGE);
  if (plans.length === 0)
    throw new AppError("Conflict", `Change ${changeId} moved no setting, so there is nothing to roll back`);

  const ids = plans.map((plan) => plan.entry.instanceId!);
  const stored = await loadStoredInstances(ctx, ids, (index) => `instance ${index}`);
  const live = await readLiveInstances(ctx, stored, ids);
  const stale = plans.flatMap((plan) => {
    const now = live.get(plan.entry.instanceId!)!.settings;
    return sameSettings(plan.after, now) ? [] : [describeStale(stored.get(plan.entry.instanceId!)!, plan.after, now)];
  });
  await throwIfStale(stale, { subject: "instances", since: "this change was made", nothing: "rolled back" });

  // HttpTokensEnforced, read live per account-region (stored where that read fails).
  const cells = [
    ...new Map(
      plans.map((plan) => [cellKey(plan.entry), { accountId: plan.entry.accountId, region: plan.entry.region }]),
    ).values(),
  ];
  const defaults = await readAllCurrent(ctx, cells);
  const enforced = new Set(
    cells.filter((_cell, index) => defaults[index]!.defaults.httpTokensEnforced === "enabled").map(cellKey),
  );
  const toOptional = (plan: (typeof plans)[number]) => plan.before.httpTokens === "optional";
  const refusedCells = cells.filter((cell) => enforced.has(cellKey(cell)));
  if (plans.every((plan) => toOptional(plan) && enforced.has(cellKey(plan.entry)))) {
    throw new AppError(
      "Conflict",
      `Rollback refused, nothing was changed: ${refusedCells.map(enforcedMessage).join(" ")}`,
      { details: { refused: refusedCells } },
    );
  }

  // By instance id: audit ids follow the apply's concurrent writes, so their order is not stable.
  const ordered = [...plans].sort((a, b) => (a.entry.instanceId! < b.entry.instanceId! ? -1 : 1));
  return {
    stored,
    plans: ordered.map((plan): InstancePlan => {
      const cell = { accountId: plan.entry.accountId, region: plan.entry.region };
      return {
        instanceId: plan.entry.instanceId!,
        ...cell,
        current: plan.after,
        target: optionsTarget(plan.after, plan.before),
        undoOf: plan.entry.id,
        ...(toOptional(plan) && enforced.has(cellKey(cell))
          ? { refused: { code: ENFORCED_CODE, message: enforcedMessage(cell) } }
          : {}),
      };
    }),
  };
}

/**
 * Rolls back an instance enforcement: re-applies each succeeded instance's previous HttpTokens
 * (and hop limit), audited with undo_of (see planInstanceRollback for what is refused).
 */
export async function rollbackInstanceChange(
  ctx: ChangeContext,
  changeId: string,
  entries: readonly AuditRecord[],
): Promise<InstanceChangeResult> {
  const { plans } = await planInstanceRollback(ctx, changeId, entries);
  return runInstanceChange(ctx, "instance-metadata.rollback", plans);
}
