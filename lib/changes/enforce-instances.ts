import { randomUUID } from "node:crypto";
import { toAwsFailure, type AwsFailure } from "@/lib/aws/errors";
import {
  describeMetadataOptions,
  dryRunMetadataOptions,
  modifyMetadataOptions,
  type MetadataOptionsChange,
} from "@/lib/aws/instance-metadata";
import type { InstanceMetadataOptions } from "@/lib/domain/imds";
import type { AuditAction } from "@/lib/db/write/audit";
import { noteDataChanged } from "@/lib/db/conn/data-version";
import { saveInstanceMetadataOptions, type InstanceForChange } from "@/lib/db/write/instance-changes";
import { refreshInstanceSummary } from "@/lib/db/write/instance-summary";
import type { CellKey } from "@/lib/db/read/region-change-impact";
import { refreshReadiness } from "@/lib/db/write/readiness";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import {
  dryRunThenCall,
  itemResult,
  openAuditRow,
  succeedAuditEntry,
  type ChangeOutcome,
  type ItemResult,
  type ItemResultExtra,
} from "./audited-call";
import { cellKey, eachLimited, withEc2 } from "./cells";
import type { ChangeContext } from "./context";
import { ApplyInstanceEnforcementInput } from "./instance-enforcement-input";
import { modifyOptionsPacer } from "./pacer";
import {
  buildInstancePreview,
  loadStoredInstances,
  optionsTarget,
  sameSettings,
  settingsOf,
  targetSettings,
  windowOf,
  type InstanceSettings,
  type OptionsTarget,
} from "./preview-instance-enforcement";
import { throwIfStale } from "./throw-if-stale";

/** One instance's result; refused: not sent to AWS (e.g. HttpTokensEnforced forbids it). */
export interface InstanceResult extends ItemResult<InstanceSettings> {
  instanceId: string;
  /** EC2's metadata state after the call (pending until EC2 has applied it). */
  metadataState: string | null;
}

export interface InstanceChangeResult {
  changeId: string;
  action: AuditAction;
  instances: InstanceResult[];
}

export interface InstancePlan extends CellKey {
  instanceId: string;
  current: InstanceSettings;
  target: OptionsTarget;
  undoOf: string | null;
  /** Set to write a refused audit row instead of calling AWS. */
  refused?: { code: string; message: string };
}

/** Instances changed at once within one account-region; the pacer sets the real pace. */
const PER_REGION_CONCURRENCY = 4;

function groupByCell<T extends CellKey>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = cellKey(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * One change over its instances: per instance an audit row (requested) first, then a DryRun, then
 * the real ModifyInstanceMetadataOptions, both at the account-region's bucket pace; the instance
 * row takes what EC2 answered (state pending) and the audit row is completed with the outcome.
 * Readiness and the instance summary of each account-region are refreshed after its instances.
 */
export async function runInstanceChange(
  ctx: ChangeContext,
  action: AuditAction,
  plans: readonly InstancePlan[],
): Promise<InstanceChangeResult> {
  const now = () => new Date((ctx.now ?? Date.now)());
  const pacer = ctx.optionsPacer ?? modifyOptionsPacer;
  const changeId = randomUUID();
  const byId = new Map<string, InstanceResult>();
  let storedChanged = false;

  try {
    await eachLimited(groupByCell(plans), ctx.concurrency ?? 4, async (group) => {
      const cell = { accountId: group[0]!.accountId, region: group[0]!.region };
      const key = cellKey(cell);
      let groupChanged = false;
      try {
        await withEc2(ctx, cell, (ec2) =>
          eachLimited(group, PER_REGION_CONCURRENCY, async (plan) => {
            const before = plan.current;
            const expected: InstanceSettings = {
              httpTokens: plan.target.httpTokens,
              httpPutResponseHopLimit: plan.target.httpPutResponseHopLimit ?? before.httpPutResponseHopLimit,
            };
            const entry = {
              changeId,
              action,
              accountId: plan.accountId,
              region: plan.region,
              instanceId: plan.instanceId,
              before: { ...before },
              after: { ...expected },
              undoOf: plan.undoOf,
            };
            const done = (
              outcome: ChangeOutcome,
              auditId: string,
              extra: ItemResultExtra<InstanceSettings> & { metadataState?: string | null } = {},
            ) =>
              byId.set(plan.instanceId, {
                instanceId: plan.instanceId,
                ...itemResult({ ...plan, before, expected }, outcome, auditId, extra),
                metadataState: extra.metadataState ?? null,
              });

            if (plan.refused) {
              const row = await openAuditRow(ctx, entry, plan.refused);
              done("refused", row.id, { errorCode: plan.refused.code, message: plan.refused.message });
              return;
            }

            const row = await openAuditRow(ctx, entry);
            const where = `account ${plan.accountId}, ${plan.region}`;
            const change: MetadataOptionsChange = { instanceId: plan.instanceId, ...plan.target };
            const called = await dryRunThenCall(ctx, row.id, {
              take: () => pacer.take(key),
              dryRun: () => dryRunMetadataOptions(ec2, change),
              call: () => modifyMetadataOptions(ec2, change),
              auditMessage: (outcome, failure) =>
                `${outcome === "denied" ? "DryRun refused" : "Refused"} in ${where}: ${failure.message}`,
            });
            if (called.outcome !== "succeeded") {
              const { failure } = called;
              done(called.outcome, row.id, {
                errorCode: failure.code,
                message: `${failure.message} (${where})`,
                awsRequestId: failure.requestId ?? null,
              });
              return;
            }
            const { reply } = called;
            const after = settingsOf(reply.options);
            if ((await saveInstanceMetadataOptions(ctx.db.raw, { options: [reply.options], observedAt: now() })) > 0)
              groupChanged = true;
            await succeedAuditEntry(
              ctx,
              row.id,
              reply.requestId,
              sameSettings(after, expected) ? undefined : { ...after },
            );
            done("succeeded", row.id, {
              awsRequestId: reply.requestId,
              after,
              metadataState: reply.options.state,
            });
          }),
        );
      } finally {
        if (groupChanged) {
          storedChanged = true;
          await refreshAccountRegion(ctx, cell);
        }
      }
    });
    return { changeId, action, instances: plans.map((plan) => byId.get(plan.instanceId)!) };
  } finally {
    if (storedChanged) await noteDataChanged(ctx.db.prisma);
  }
}

/** Re-judges readiness and rebuilds the instance summary of one account-region after its rows changed. */
async function refreshAccountRegion(ctx: ChangeContext, cell: CellKey) {
  const now = (ctx.now ?? Date.now)();
  const windowDays = windowOf(ctx);
  await refreshReadiness(ctx.db.raw, { ...cell, now, windowDays });
  await refreshInstanceSummary(ctx.db.raw, { ...cell, now, windowDays });
}

interface LiveInstance {
  settings: InstanceSettings;
  /** live: read now with DescribeInstances; stored: that read failed (liveFailure). */
  source: "live" | "stored";
  liveFailure: AwsFailure | null;
}

/**
 * The current settings of every instance, read live with DescribeInstances (batched per
 * account-region); where a read fails, the stored ones. Live values that differ from the stored
 * ones are saved (the dashboard catches up) and the data version advanced.
 */
export async function readLiveInstances(
  ctx: ChangeContext,
  stored: ReadonlyMap<string, InstanceForChange>,
  ids: readonly string[],
): Promise<Map<string, LiveInstance>> {
  const rows = ids.map((id) => stored.get(id)!);
  const current = new Map<string, LiveInstance>();
  let caughtUp = false;
  await eachLimited(groupByCell(rows), ctx.concurrency ?? 4, async (group) => {
    const cell = { accountId: group[0]!.accountId, region: group[0]!.region };
    let live: Map<string, InstanceMetadataOptions>;
    try {
      live = await withEc2(ctx, cell, (ec2) =>
        describeMetadataOptions(
          ec2,
          group.map((row) => row.id),
        ),
      );
    } catch (error) {
      const failure = toAwsFailure(error);
      for (const row of group)
        current.set(row.id, { settings: settingsOf(row), source: "stored", liveFailure: failure });
      return;
    }
    const differing: InstanceMetadataOptions[] = [];
    for (const row of group) {
      const options = live.get(row.id);
      if (!options) {
        const failure = { code: "InvalidInstanceID.NotFound", message: `EC2 no longer lists ${row.id}` };
        current.set(row.id, { settings: settingsOf(row), source: "stored", liveFailure: failure });
        continue;
      }
      const settings = settingsOf(options);
      if (!sameSettings(settings, settingsOf(row)) || options.state !== row.metadataState) differing.push(options);
      current.set(row.id, { settings, source: "live", liveFailure: null });
    }
    if (differing.length > 0) {
      await saveInstanceMetadataOptions(ctx.db.raw, {
        options: differing,
        observedAt: new Date((ctx.now ?? Date.now)()),
      });
      await refreshAccountRegion(ctx, cell);
      caughtUp = true;
    }
  });
  if (caughtUp) await noteDataChanged(ctx.db.prisma);
  return current;
}

const showHop = (value: number | null) => (value === null ? "not reported" : String(value));

/** "i-0abc (111122223333 eu-west-1): HttpTokens is now required (was optional)". */
export function describeStale(
  row: Pick<InstanceForChange, "id" | "accountId" | "region">,
  seen: InstanceSettings,
  now: InstanceSettings,
): string {
  const fields: string[] = [];
  if (seen.httpTokens !== now.httpTokens) fields.push(`HttpTokens is now ${now.httpTokens} (was ${seen.httpTokens})`);
  if (seen.httpPutResponseHopLimit !== now.httpPutResponseHopLimit)
    fields.push(
      `HttpPutResponseHopLimit is now ${showHop(now.httpPutResponseHopLimit)} (was ${showHop(seen.httpPutResponseHopLimit)})`,
    );
  return `${row.id} (${row.accountId} ${row.region}): ${fields.join(", ")}`;
}

/** POST /api/changes/instances: per instance DryRun, then HttpTokens=required, audited; 409 on a stale preview. */
export async function applyInstanceEnforcement({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<InstanceChangeResult> {
  const parsed = ApplyInstanceEnforcementInput.parse(input);
  requireRole(ctx.actor, "operator");
  const ids = parsed.instances.map((instance) => instance.instanceId);
  const stored = await loadStoredInstances(ctx, ids, (index) => `instances[${index}].instanceId`);
  const terminated = ids.findIndex((id) => stored.get(id)!.terminated);
  if (terminated >= 0)
    throw new AppError("ValidationFailed", `instances[${terminated}].instanceId: "${ids[terminated]}" is terminated`);

  const live = await readLiveInstances(ctx, stored, ids);
  const stale = parsed.instances.flatMap((instance) => {
    const now = live.get(instance.instanceId)!.settings;
    return sameSettings(instance.before, now)
      ? []
      : [describeStale(stored.get(instance.instanceId)!, instance.before, now)];
  });
  await throwIfStale(stale, { subject: "instances", since: "the preview", nothing: "changed" }, () =>
    buildInstancePreview(ctx, { instanceIds: ids, target: parsed.target }),
  );

  return runInstanceChange(
    ctx,
    "instance-metadata.enforce",
    parsed.instances.map((instance) => {
      const row = stored.get(instance.instanceId)!;
      const current = live.get(instance.instanceId)!.settings;
      return {
        instanceId: row.id,
        accountId: row.accountId,
        region: row.region,
        current,
        target: optionsTarget(current, targetSettings(current, parsed.target)),
        undoOf: null,
      };
    }),
  );
}
