import {
  getCellImpacts,
  LAUNCH_WINDOW_DAYS,
  V1_WINDOW_DAYS,
  type CellImpact,
  type CellKey,
} from "@/lib/db/read/region-change-impact";
import {
  applyTarget,
  changedFields,
  fieldLabel,
  snapshotOf,
  type DefaultField,
  type DefaultsSnapshot,
  type DefaultsTarget,
} from "@/lib/domain/region-defaults";
import { requireRole } from "@/lib/core/actor";
import type { ChangeContext } from "./context";
import { loadStoredCells, managedMessage } from "./cells";
import { PreviewRegionDefaultsInput } from "./region-defaults-input";

export const NEW_LAUNCHES_NOTE =
  "Regional defaults apply only to instances launched after the change: running and stopped instances keep " +
  "their metadata options. A launch template or launch call that sets a value, or an AMI with ImdsSupport=v2.0, " +
  "still takes precedence over the default.";

export interface PreviewCell {
  accountId: string;
  region: string;
  /** The stored defaults (what the last collection, or the last change made here, saw). */
  current: DefaultsSnapshot;
  /** The defaults once the target is applied. */
  after: DefaultsSnapshot;
  changes: DefaultField[];
  defaultsCollectedAt: string | null;
  /** Set when a declarative policy manages the region: the policy's exception message. */
  readOnly: string | null;
  impact: CellImpact;
  /** The impact in sentences, each saying exactly what it counts. */
  summary: string[];
}

export interface RegionDefaultsPreview {
  note: string;
  target: DefaultsTarget;
  generatedAt: string;
  cells: PreviewCell[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function describeChange(current: DefaultsSnapshot, after: DefaultsSnapshot, changes: DefaultField[]): string {
  if (changes.length === 0) return "No change: the defaults already have these values.";
  const show = (value: string | number | null) => (value === null ? "not set" : String(value));
  return `Changes ${changes.map((field) => `${fieldLabel(field)} ${show(current[field])} → ${show(after[field])}`).join(", ")}.`;
}

export function summarise(cell: Omit<PreviewCell, "summary">): string[] {
  if (cell.readOnly) return [`Read-only: ${cell.readOnly}`];
  const { impact } = cell;
  const lines = [describeChange(cell.current, cell.after, cell.changes)];
  lines.push(
    `In the last ${LAUNCH_WINDOW_DAYS} days ${plural(impact.launchedInWindow, "instance")} launched here; ` +
      `${plural(impact.launchedWithoutTemplateTokens, "was", "were")} launched without HttpTokens from a launch template ` +
      `(${impact.launchedWithoutTemplateTokensOptional.toLocaleString("en-US")} of them ${impact.launchedWithoutTemplateTokensOptional === 1 ? "allows" : "allow"} IMDSv1 now). ` +
      "For launches like these the regional default decides, unless the launch call sets it (not collected) or the AMI requires v2.",
  );
  const templates = new Map<string, string[]>();
  for (const version of impact.optionalTemplates) {
    const name = version.launchTemplateName ?? version.launchTemplateId;
    const labels = [version.isDefault ? "$Default" : null, version.isLatest ? "$Latest" : null]
      .filter(Boolean)
      .join(", ");
    templates.set(name, [...(templates.get(name) ?? []), `v${version.versionNumber} (${labels})`]);
  }
  lines.push(
    templates.size === 0
      ? "No launch template's $Default or $Latest version sets http_tokens=optional."
      : `${plural(templates.size, "launch template")} set http_tokens=optional in $Default or $Latest and will keep ` +
          `launching v1-capable instances whatever the default: ${[...templates].map(([name, versions]) => `${name} ${versions.join(", ")}`).join("; ")}.`,
  );
  lines.push(
    `${plural(impact.runningV1Callers, "running instance")} made IMDSv1 calls (MetadataNoToken) in the last ` +
      `${V1_WINDOW_DAYS} days; a default does not change running instances.`,
  );
  return lines;
}

/** Each cell's stored defaults, where its own target takes them, and the impact (no AWS calls). */
export async function previewCells(
  ctx: ChangeContext,
  cells: readonly (CellKey & { target: DefaultsTarget })[],
): Promise<PreviewCell[]> {
  const now = (ctx.now ?? Date.now)();
  const stored = await loadStoredCells(ctx, cells);
  const impacts = await getCellImpacts(ctx.db.raw, cells, now);
  return cells.map((cell, index): PreviewCell => {
    const row = stored.get(`${cell.accountId}/${cell.region}`)!;
    const current = snapshotOf(row);
    const after = applyTarget(current, cell.target);
    const base = {
      accountId: cell.accountId,
      region: cell.region,
      current,
      after,
      changes: changedFields(current, after),
      defaultsCollectedAt: row.defaultsCollectedAt?.toISOString() ?? null,
      readOnly: managedMessage(row),
      impact: impacts[index]!,
    };
    return { ...base, summary: summarise(base) };
  });
}

/** Builds the preview from what is stored (no AWS calls). */
export async function buildPreview(
  ctx: ChangeContext,
  input: PreviewRegionDefaultsInput,
): Promise<RegionDefaultsPreview> {
  const cells = await previewCells(
    ctx,
    input.cells.map((cell) => ({ ...cell, target: input.target })),
  );
  const generatedAt = new Date((ctx.now ?? Date.now)()).toISOString();
  return { note: NEW_LAUNCHES_NOTE, target: input.target, generatedAt, cells };
}

/** POST /api/changes/region-defaults/preview: the impact of a target on the selected cells. */
export async function previewRegionDefaults({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<RegionDefaultsPreview> {
  const parsed = PreviewRegionDefaultsInput.parse(input);
  requireRole(ctx.actor, "operator");
  return buildPreview(ctx, parsed);
}
