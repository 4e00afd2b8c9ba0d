import {
  createAlerts,
  listDriftInputs,
  listOpenAlertRefs,
  listRecentlyRejected,
  listV1AfterDone,
  recordEvaluation,
  refreshAlerts,
  resolveAlerts,
  saveBaseline,
  updateDoneMarks,
  type AlertRecord,
  type CellRef,
  type DriftInput,
  type InstanceAlertRow,
  type RejectedRow,
  type V1AfterDoneRow,
} from "@/lib/db/write/alerts";
import type { Database } from "@/lib/db/conn/client";
import { getRun } from "@/lib/db/write/runs";
import type { RunSummary, UnitKind } from "@/lib/domain/collection-run";
import { createDeliveries, listEnabledWebhooks } from "@/lib/db/write/webhooks";
import { alertKeys, buildPayload, decideAlerts, type AlertCondition } from "@/lib/domain/alerts";
import { changedFields, fieldLabel } from "@/lib/domain/region-defaults";
import { HOUR_MS, formatUtcMinute } from "@/lib/domain/time";
import { deliverDue } from "./deliver";
import type { AlertSettings } from "./settings";

// The one place alerts are judged: after every collection run (finished, failed or partial), from
// what the run stored. A condition fires once when it appears, stays open while it holds and
// resolves when it clears; only conditions the run could judge (collected cells) move.

export interface AlertDeps {
  db: Database;
  settings: AlertSettings;
}

export interface EvaluationResult {
  runId: number;
  fired: AlertRecord[];
  kept: number;
  resolved: number;
  deliveries: number;
}

const show = (value: string | number | null) => (value === null ? "not set" : String(value));
const cellKey = (cell: CellRef) => `${cell.accountId}/${cell.region}`;
const iso = (date: Date) => date.toISOString();

/** The part of an instance alert that says which instance: its key, cell, team and label. */
function instanceCondition(row: InstanceAlertRow, key: string, type: "rejected" | "v1-after-done") {
  return {
    key,
    type,
    severity: "critical" as const,
    accountId: row.accountId,
    region: row.region,
    instanceId: row.instanceId,
    team: row.team,
    label: row.name ? `${row.name} (${row.instanceId})` : row.instanceId,
  };
}

function rejectedConditions(rows: readonly RejectedRow[], windowHours: number, since: Date): AlertCondition[] {
  return rows.map((row) => {
    const { label, ...head } = instanceCondition(row, alertKeys.rejected(row.instanceId), "rejected");
    return {
      ...head,
      title: `IMDSv1 calls rejected on ${label}`,
      detail: {
        summary:
          `${row.rejectedCalls} IMDSv1 call${row.rejectedCalls === 1 ? " was" : "s were"} rejected in the last ` +
          `${windowHours} h, the latest in the hour from ${formatUtcMinute(row.lastRejectedAt)}. HttpTokens is ${row.httpTokens}: ` +
          "something on the instance still uses IMDSv1 and is failing.",
        rejectedCalls: row.rejectedCalls,
        lastRejectedAt: iso(row.lastRejectedAt),
        windowStart: iso(since),
        windowHours,
        httpTokens: row.httpTokens,
        instanceName: row.name,
      },
    };
  });
}

function v1AfterDoneConditions(rows: readonly V1AfterDoneRow[]): AlertCondition[] {
  return rows.map((row) => {
    const { label, ...head } = instanceCondition(row, alertKeys.v1AfterDone(row.instanceId), "v1-after-done");
    return {
      ...head,
      title: `IMDSv1 calls on ${label} after it was done`,
      detail: {
        summary:
          `It was seen done (HttpTokens required) at ${formatUtcMinute(row.doneSince)}, yet made ${row.v1Calls} successful IMDSv1 ` +
          `call${row.v1Calls === 1 ? "" : "s"} since, the latest in the hour from ${formatUtcMinute(row.lastV1CallAt)}. ` +
          `HttpTokens is now ${row.httpTokens}: it was switched back.`,
        doneSince: iso(row.doneSince),
        lastV1CallAt: iso(row.lastV1CallAt),
        v1Calls: row.v1Calls,
        httpTokens: row.httpTokens,
        instanceName: row.name,
      },
    };
  });
}

/** Moves each cell's baseline to this dashboard's latest change, then compares. */
async function driftConditions(
  deps: AlertDeps,
  inputs: DriftInput[],
  now: Date,
): Promise<{ conditions: AlertCondition[]; pending: Set<string> }> {
  const out: AlertCondition[] = [];
  const pending = new Set<string>();
  for (const input of inputs) {
    // Mid-change the stored defaults may be ahead of the audit row: judge the cell next run.
    if (input.changePending) {
      pending.add(cellKey(input));
      continue;
    }
    let baseline = input.baseline;
    const change = input.lastChange;
    if (
      change &&
      (baseline === null || (baseline.auditId !== change.auditId && change.completedAt >= baseline.setAt))
    ) {
      baseline = { defaults: change.after, source: "audit", auditId: change.auditId, setAt: change.completedAt };
      await saveBaseline(deps.db.raw, input, { ...baseline, source: "audit" });
    }
    if (baseline === null) {
      baseline = { defaults: input.current, source: "first-seen", auditId: null, setAt: now };
      await saveBaseline(deps.db.raw, input, { ...baseline, source: "first-seen" });
      continue;
    }
    const fields = changedFields(baseline.defaults, input.current);
    if (fields.length === 0) continue;
    const changes = fields.map((field) => ({
      field: fieldLabel(field),
      expected: baseline.defaults[field],
      observed: input.current[field],
    }));
    const expectedFrom =
      baseline.source === "audit"
        ? `this dashboard's change (audit #${baseline.auditId}, ${formatUtcMinute(baseline.setAt)})`
        : baseline.source === "accepted"
          ? `the values accepted at ${formatUtcMinute(baseline.setAt)}`
          : `the first observation (${formatUtcMinute(baseline.setAt)})`;
    out.push({
      key: alertKeys.drift(input.accountId, input.region),
      type: "drift",
      severity: "warning",
      accountId: input.accountId,
      region: input.region,
      instanceId: null,
      team: null,
      title: `IMDS defaults of ${input.accountId} ${input.region} changed outside this dashboard`,
      detail: {
        summary:
          `${changes.map((c) => `${c.field}: ${show(c.expected)} → ${show(c.observed)}`).join("; ")} ` +
          `(expected from ${expectedFrom}).`,
        changes,
        expected: baseline.defaults,
        observed: input.current,
        baselineSource: baseline.source,
        baselineAuditId: baseline.auditId,
      },
    });
  }
  return { conditions: out, pending };
}

function runConditions(
  run: RunSummary & {
    units: {
      accountId: string;
      region: string;
      kind: UnitKind;
      status: string;
      errorCode: string | null;
      errorMessage: string | null;
    }[];
  },
): AlertCondition[] {
  if (run.status === "failed") {
    return [
      {
        key: alertKeys.runFailed(),
        type: "run",
        severity: "critical",
        accountId: null,
        region: null,
        instanceId: null,
        team: null,
        title: `Collection run #${run.id} failed`,
        detail: {
          summary: `${run.error ?? "The run failed"}. Nothing new was collected, so no other alert could be judged.`,
          runId: run.id,
          error: run.error,
          unitsFailed: run.unitsFailed,
          unitsTotal: run.unitsTotal,
        },
      },
    ];
  }
  return run.units
    .filter((unit) => unit.status === "failed")
    .map((unit) => ({
      key:
        unit.kind === "discovery"
          ? alertKeys.runDiscovery(unit.accountId)
          : alertKeys.runUnit(unit.accountId, unit.region),
      type: "run" as const,
      severity: "warning" as const,
      accountId: unit.accountId,
      region: unit.region,
      instanceId: null,
      team: null,
      title:
        unit.kind === "discovery"
          ? `Listing the regions of ${unit.accountId} in ${unit.region} failed (run #${run.id}, partial)`
          : `Collection of ${unit.accountId} ${unit.region} failed (run #${run.id}, partial)`,
      detail: {
        summary:
          `${unit.errorCode ?? "Error"}: ${unit.errorMessage ?? "no message"}.` +
          (unit.kind === "discovery" ? "" : " Alerts for this account-region wait for a successful collection."),
        runId: run.id,
        errorCode: unit.errorCode,
        errorMessage: unit.errorMessage,
      },
    }));
}

/** Judges every alert condition after run `runId` and delivers new alerts (first attempt now). */
export async function evaluateAlerts(deps: AlertDeps, runId: number, now: Date): Promise<EvaluationResult> {
  const db = deps.db.prisma;
  const run = await getRun(db, runId);
  const okCells: CellRef[] = run.units.filter((unit) => unit.status === "ok");
  const okKeys = new Set(okCells.map(cellKey));
  const since = new Date(now.getTime() - deps.settings.rejectedWindowHours * HOUR_MS);

  await updateDoneMarks(deps.db.raw, okCells, now);
  const drift = await driftConditions(deps, await listDriftInputs(deps.db.raw, okCells, now), now);
  const conditions: AlertCondition[] = [
    ...runConditions(run),
    ...rejectedConditions(
      await listRecentlyRejected(deps.db.raw, okCells, since),
      deps.settings.rejectedWindowHours,
      since,
    ),
    ...v1AfterDoneConditions(await listV1AfterDone(deps.db.raw, okCells, since)),
    ...drift.conditions,
  ];

  const open = await listOpenAlertRefs(db);
  const cellOf = new Map(open.map((alert) => [alert.key, alert]));
  const decision = decideAlerts(conditions, open, (key) => {
    if (key === alertKeys.runFailed()) return true;
    const alert = cellOf.get(key);
    if (key.startsWith("run:")) return run.status !== "failed";
    if (key.startsWith("drift:") && drift.pending.has(key.slice("drift:".length))) return false;
    // Instance and drift conditions are judged only where this run collected.
    return alert?.accountId != null && alert.region != null && okKeys.has(`${alert.accountId}/${alert.region}`);
  });

  const at = { runId, now };
  const fired = await createAlerts(db, decision.fire, at);
  await refreshAlerts(
    deps.db.raw,
    decision.keep.map(({ alert, condition }) => ({ id: alert.id, condition })),
    at,
  );
  const resolved = await resolveAlerts(
    db,
    decision.resolve.map((alert) => alert.id),
    at,
  );

  // A team webhook gets its team's instance alerts; one without a team gets every alert.
  const webhooks = fired.length > 0 ? await listEnabledWebhooks(db) : [];
  const queued = fired.flatMap((alert) => {
    const targets = webhooks.filter((webhook) => webhook.team === null || webhook.team === alert.team);
    if (targets.length === 0) return [];
    const payload = buildPayload(alert, deps.settings.publicUrl);
    return targets.map((webhook) => ({ webhookId: webhook.id, alertId: alert.id, payload }));
  });
  await createDeliveries(db, queued, new Date());
  const deliveries = queued.length;
  await recordEvaluation(db, { runId, evaluatedAt: now, status: "ok", fired: fired.length, resolved, error: null });
  return { runId, fired, kept: decision.keep.length, resolved, deliveries };
}

/**
 * What the collector calls after every run, under its lock: evaluates (then it calls
 * deliverNewAlerts). Never throws: a failure is logged and recorded in alert_evaluation, the run stands.
 */
export async function evaluateAlertsAfterRun(
  deps: AlertDeps,
  run: RunSummary,
  now: Date,
): Promise<EvaluationResult | null> {
  if (run.status === "running" || run.status === "aborted") return null;
  let result: EvaluationResult;
  try {
    result = await evaluateAlerts(deps, run.id, now);
  } catch (error) {
    console.error(`[alerts] evaluating alerts after run #${run.id} failed:`, error);
    try {
      await recordEvaluation(deps.db.prisma, {
        runId: run.id,
        evaluatedAt: now,
        status: "failed",
        fired: 0,
        resolved: 0,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    } catch (recordError) {
      console.error(`[alerts] recording the failed evaluation of run #${run.id} failed too:`, recordError);
    }
    return null;
  }
  return result;
}

/**
 * The first attempt of the deliveries an evaluation queued, made by the collector after it has
 * released its lock: a slow receiver must not hold up the next run. Never throws.
 */
export async function deliverNewAlerts(deps: AlertDeps, runId: number): Promise<void> {
  try {
    await deliverDue(deps.db, deps.settings);
  } catch (error) {
    // The deliveries stay pending: the delivery loop retries them.
    console.error(`[alerts] first webhook delivery after run #${runId} failed:`, error);
  }
}
