import { DEFAULT_READINESS_WINDOW_DAYS } from "@/lib/db/read/instance-list";
import { findInstancesForChange, type InstanceForChange } from "@/lib/db/write/instance-changes";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import type { ChangeContext } from "./context";
import { PreviewInstanceEnforcementInput, type EnforcementTargetInput } from "./instance-enforcement-input";

export const ENFORCEMENT_NOTE =
  "Sets HttpTokens=required on each instance (ModifyInstanceMetadataOptions): IMDSv1 calls fail from then on. " +
  "EC2 answers state=pending and applies the change within seconds; the next collection shows it applied. " +
  "Each instance is checked with a DryRun first, and the change can be rolled back.";

/** The settings enforcement moves, as stored, previewed and audited. */
export interface InstanceSettings {
  httpTokens: string;
  httpPutResponseHopLimit: number | null;
}

export interface PreviewInstance {
  instanceId: string;
  name: string | null;
  accountId: string;
  region: string;
  state: string;
  readiness: string | null;
  readinessReason: string;
  current: InstanceSettings & { metadataState: string | null };
  after: InstanceSettings;
  /** Why the instance is left out (nothing to change, terminated); null when it will be changed. */
  excluded: string | null;
  /** What to know before changing it, e.g. "blocked: IMDSv1 calls on ..., switching now would break them". */
  warnings: string[];
}

export interface InstanceEnforcementPreview {
  note: string;
  target: EnforcementTargetInput;
  generatedAt: string;
  instances: PreviewInstance[];
  /** Counts for the dialog's headline. */
  totals: { selected: number; toChange: number; excluded: number; withWarnings: number };
}

export const settingsOf = (
  row: Pick<InstanceForChange, "httpTokens" | "httpPutResponseHopLimit">,
): InstanceSettings => ({
  httpTokens: row.httpTokens,
  httpPutResponseHopLimit: row.httpPutResponseHopLimit,
});

export function targetSettings(current: InstanceSettings, target: EnforcementTargetInput): InstanceSettings {
  return {
    httpTokens: target.httpTokens,
    httpPutResponseHopLimit: target.httpPutResponseHopLimit ?? current.httpPutResponseHopLimit,
  };
}

export const sameSettings = (a: InstanceSettings, b: InstanceSettings) =>
  a.httpTokens === b.httpTokens && a.httpPutResponseHopLimit === b.httpPutResponseHopLimit;

/** What ModifyInstanceMetadataOptions is sent: HttpTokens and, when it moves, the hop limit. */
export interface OptionsTarget {
  httpTokens: "optional" | "required";
  httpPutResponseHopLimit?: number;
}

/** The call that takes an instance from `current` to `wanted` (the hop limit only when it moves). */
export function optionsTarget(current: InstanceSettings, wanted: InstanceSettings): OptionsTarget {
  const hop = wanted.httpPutResponseHopLimit;
  return {
    httpTokens: wanted.httpTokens === "required" ? "required" : "optional",
    ...(hop !== null && hop !== current.httpPutResponseHopLimit ? { httpPutResponseHopLimit: hop } : {}),
  };
}

export const windowOf = (ctx: ChangeContext) => ctx.readinessWindowDays ?? DEFAULT_READINESS_WINDOW_DAYS;

/**
 * The stored instances, or 422 naming the first id the dashboard does not know (`path(index)`
 * names the field, e.g. `instanceIds[3]`).
 */
export async function loadStoredInstances(
  ctx: ChangeContext,
  ids: readonly string[],
  path: (index: number) => string,
): Promise<Map<string, InstanceForChange>> {
  const now = (ctx.now ?? Date.now)();
  const stored = await findInstancesForChange(ctx.db.raw, ids, { now, windowDays: windowOf(ctx) });
  const index = ids.findIndex((id) => !stored.has(id));
  if (index >= 0) {
    throw new AppError("ValidationFailed", `${path(index)}: "${ids[index]}" is not a collected instance`);
  }
  return stored;
}

function previewOne(row: InstanceForChange, target: EnforcementTargetInput): PreviewInstance {
  const current = settingsOf(row);
  const after = targetSettings(current, target);
  const warnings: string[] = [];
  let excluded: string | null = null;
  if (row.terminated || row.state === "terminated") excluded = "terminated: there is nothing to change";
  else if (sameSettings(current, after))
    excluded = `already HttpTokens=${current.httpTokens}${current.httpPutResponseHopLimit === null ? "" : ` with hop limit ${current.httpPutResponseHopLimit}`}: nothing to change`;
  if (!excluded) {
    if (row.readiness !== "ready") warnings.push(`${row.readiness ?? "not judged yet"}: ${row.readinessReason}`);
    if (row.state !== "running") warnings.push(`${row.state}: the setting is kept and takes effect when it runs`);
    if (row.metadataState === "pending") warnings.push("a previous change to this instance is still pending");
  }
  return {
    instanceId: row.id,
    name: row.name,
    accountId: row.accountId,
    region: row.region,
    state: row.state,
    readiness: row.readiness,
    readinessReason: row.readinessReason,
    current: { ...current, metadataState: row.metadataState },
    after,
    excluded,
    warnings,
  };
}

/** Builds the preview from what is stored (no AWS calls), in the order the ids were given. */
export async function buildInstancePreview(
  ctx: ChangeContext,
  input: PreviewInstanceEnforcementInput,
): Promise<InstanceEnforcementPreview> {
  const stored = await loadStoredInstances(ctx, input.instanceIds, (index) => `instanceIds[${index}]`);
  const instances = input.instanceIds.map((id) => previewOne(stored.get(id)!, input.target));
  const toChange = instances.filter((instance) => instance.excluded === null);
  return {
    note: ENFORCEMENT_NOTE,
    target: input.target,
    generatedAt: new Date((ctx.now ?? Date.now)()).toISOString(),
    instances,
    totals: {
      selected: instances.length,
      toChange: toChange.length,
      excluded: instances.length - toChange.length,
      withWarnings: toChange.filter((instance) => instance.warnings.length > 0).length,
    },
  };
}

/** POST /api/changes/instances/preview: current -> target per instance, with readiness warnings. */
export async function previewInstanceEnforcement({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<InstanceEnforcementPreview> {
  const parsed = PreviewInstanceEnforcementInput.parse(input);
  requireRole(ctx.actor, "operator");
  return buildInstancePreview(ctx, parsed);
}
