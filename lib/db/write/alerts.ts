import { z } from "zod";
import {
  ALERT_STATES,
  ALERT_TYPES,
  type AlertSeverity,
  type AlertState,
  type AlertType,
} from "@/lib/domain/alert-options";
import type { AlertCondition, OpenAlertRef } from "@/lib/domain/alerts";
import { snapshotFromJson, snapshotOf, type DefaultsSnapshot } from "@/lib/domain/region-defaults";
import { AppError } from "@/lib/core/app-error";
import type { Prisma } from "@/lib/db/generated/client";
import { createAuditEntry } from "./audit";
import { accountIdParam, enumParam, idCursorParam, instanceIdParam, regionParam } from "@/lib/contracts/query-params";
import type { Db, Queryable } from "@/lib/db/conn/types";

// Alerts and what their evaluation reads: instance metrics marks, regional defaults against their
// baseline, run outcomes. Ids travel as strings (bigints in the database).

export interface CellRef {
  accountId: string;
  region: string;
}

const cellArrays = (cells: readonly CellRef[]) => [cells.map((c) => c.accountId), cells.map((c) => c.region)];
/** The cells of $1 (account ids) and $2 (regions), on the columns of `alias` ("" or "i."). */
const inCells = (alias = "") =>
  `(${alias}account_id, ${alias}region) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

/** What an instance alert names: the instance, its cell, team and HttpTokens. */
export interface InstanceAlertRow {
  instanceId: string;
  accountId: string;
  region: string;
  name: string | null;
  team: string | null;
  httpTokens: string;
}
const INSTANCE_ALERT_COLUMNS = `i.id AS "instanceId", i.account_id AS "accountId", i.region, i.name, i.team,
       i.http_tokens AS "httpTokens"`;
/** The instance's hourly points of `metric` from `from` (an SQL expression), 0 when none. */
const hourlySum = (metric: string, from: string) =>
  `COALESCE((SELECT SUM(p.value) FROM metric_point p WHERE p.instance_id = i.id
         AND p.metric = '${metric}' AND p.period = 3600 AND p.timestamp >= ${from}), 0)::float8`;

export interface RejectedRow extends InstanceAlertRow {
  lastRejectedAt: Date;
  rejectedCalls: number;
}

/** Live instances of the cells with MetadataNoTokenRejected > 0 since `since` (hourly points). */
export async function listRecentlyRejected(
  db: Queryable,
  cells: readonly CellRef[],
  since: Date,
): Promise<RejectedRow[]> {
  if (cells.length === 0) return [];
  const { rows } = await db.query<RejectedRow>(
    `SELECT ${INSTANCE_ALERT_COLUMNS}, i.last_rejected_at AS "lastRejectedAt",
       ${hourlySum("MetadataNoTokenRejected", "$3")} AS "rejectedCalls"
     FROM instance i
     WHERE ${inCells("i.")} AND i.terminated_at IS NULL AND i.last_rejected_at >= $3
     ORDER BY i.id`,
    [...cellArrays(cells), since],
  );
  return rows;
}

/**
 * Remembers when each instance of the cells became done (required and applied): done_since moves
 * only when an instance enters done, so v1 calls after it can be told from calls before it.
 */
export async function updateDoneMarks(db: Queryable, cells: readonly CellRef[], now: Date): Promise<void> {
  if (cells.length === 0) return;
  await db.query(
    `INSERT INTO instance_done_mark (instance_id, done_since, is_done)
     SELECT id, $3, true FROM instance WHERE ${inCells()} AND readiness = 'done' AND terminated_at IS NULL
     ON CONFLICT (instance_id) DO UPDATE SET done_since = EXCLUDED.done_since, is_done = true
     -- Rows already done keep their time and are not rewritten: most runs change none.
     WHERE NOT instance_done_mark.is_done`,
    [...cellArrays(cells), now],
  );
  await db.query(
    `UPDATE instance_done_mark m SET is_done = false FROM instance i
     WHERE i.id = m.instance_id AND m.is_done AND ${inCells("i.")}
       AND (i.readiness IS DISTINCT FROM 'done' OR i.terminated_at IS NOT NULL)`,
    cellArrays(cells),
  );
}

export interface V1AfterDoneRow extends InstanceAlertRow {
  doneSince: Date;
  lastV1CallAt: Date;
  v1Calls: number;
}

/** Instances seen done that made successful IMDSv1 calls after it (the latest since `since`). */
export async function listV1AfterDone(
  db: Queryable,
  cells: readonly CellRef[],
  since: Date,
): Promise<V1AfterDoneRow[]> {
  if (cells.length === 0) return [];
  const { rows } = await db.query<V1AfterDoneRow>(
    `SELECT ${INSTANCE_ALERT_COLUMNS}, m.done_since AS "doneSince", i.last_v1_call_at AS "lastV1CallAt",
       ${hourlySum("MetadataNoToken", "m.done_since")} AS "v1Calls"
     FROM instance i JOIN instance_done_mark m ON m.instance_id = i.id
     WHERE ${inCells("i.")} AND i.terminated_at IS NULL AND i.last_v1_call_at > m.done_since AND i.last_v1_call_at >= $3
     ORDER BY i.id`,
    [...cellArrays(cells), since],
  );
  return rows;
}

export interface DriftInput extends CellRef {
  current: DefaultsSnapshot;
  baseline: { defaults: DefaultsSnapshot; source: string; auditId: string | null; setAt: Date } | null;
  /** A change of this dashboard to the cell is under way (requested in the last 15 minutes, not completed). */
  changePending: boolean;
  /** The latest change this dashboard made to the cell's defaults that succeeded. */
  lastChange: { auditId: string; after: DefaultsSnapshot; completedAt: Date; actorName: string } | null;
}

/** For each collected cell: its stored defaults, its baseline and the last audited change. */
export async function listDriftInputs(db: Queryable, cells: readonly CellRef[], now: Date): Promise<DriftInput[]> {
  if (cells.length === 0) return [];
  const { rows } = await db.query<{
    accountId: string;
    region: string;
    httpTokens: string | null;
    httpPutResponseHopLimit: number | null;
    httpEndpoint: string | null;
    instanceMetadataTags: string | null;
    httpTokensEnforced: string | null;
    baselineDefaults: unknown;
    baselineSource: string | null;
    baselineAuditId: string | null;
    baselineSetAt: Date | null;
    auditId: string | null;
    auditAfter: unknown;
    auditCompletedAt: Date | null;
    auditActor: string | null;
    changePending: boolean;
  }>(
    `SELECT r.account_id AS "accountId", r.name AS region, r.http_tokens AS "httpTokens",
       r.http_put_response_hop_limit AS "httpPutResponseHopLimit", r.http_endpoint AS "httpEndpoint",
       r.instance_metadata_tags AS "instanceMetadataTags", r.http_tokens_enforced AS "httpTokensEnforced",
       b.defaults AS "baselineDefaults", b.source AS "baselineSource", b.audit_id::text AS "baselineAuditId",
       b.set_at AS "baselineSetAt",
       a.id::text AS "auditId", a.after AS "auditAfter", a.completed_at AS "auditCompletedAt", a.actor_name AS "auditActor",
       p."changePending"
     FROM region r
     LEFT JOIN region_defaults_baseline b ON b.account_id = r.account_id AND b.region = r.name
     LEFT JOIN LATERAL (
       SELECT id, after, completed_at, actor_name FROM audit_entry
       WHERE account_id = r.account_id AND region = r.name AND status = 'succeeded'
         AND action IN ('region-defaults.set', 'region-defaults.undo')
       ORDER BY id DESC LIMIT 1
     ) a ON true
     CROSS JOIN LATERAL (
       SELECT EXISTS (SELECT 1 FROM audit_entry WHERE account_id = r.account_id AND region = r.name
         AND status = 'requested' AND action IN ('region-defaults.set', 'region-defaults.undo')
         AND requested_at > $3::timestamp(3) - interval '15 minutes') AS "changePending"
     ) p
     WHERE (r.account_id, r.name) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       AND r.defaults_collected_at IS NOT NULL
     ORDER BY 1, 2`,
    [...cellArrays(cells), now],
  );
  return rows.map((row) => ({
    accountId: row.accountId,
    region: row.region,
    current: snapshotOf(row),
    changePending: row.changePending,
    baseline:
      row.baselineSource === null || row.baselineSetAt === null
        ? null
        : {
            defaults: snapshotFromJson(row.baselineDefaults),
            source: row.baselineSource,
            auditId: row.baselineAuditId,
            setAt: row.baselineSetAt,
          },
    lastChange:
      row.auditId === null || row.auditCompletedAt === null
        ? null
        : {
            auditId: row.auditId,
            after: snapshotFromJson(row.auditAfter),
            completedAt: row.auditCompletedAt,
            actorName: row.auditActor ?? "",
          },
  }));
}

export async function saveBaseline(
  db: Queryable,
  cell: CellRef,
  baseline: {
    defaults: DefaultsSnapshot;
    source: "first-seen" | "audit" | "accepted";
    auditId: string | null;
    setAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO region_defaults_baseline (account_id, region, defaults, source, audit_id, set_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (account_id, region) DO UPDATE SET defaults = EXCLUDED.defaults, source = EXCLUDED.source,
       audit_id = EXCLUDED.audit_id, set_at = EXCLUDED.set_at`,
    [cell.accountId, cell.region, JSON.stringify(baseline.defaults), baseline.source, baseline.auditId, baseline.setAt],
  );
}

// ---- alert rows ----

export interface AlertRecord {
  id: string;
  key: string;
  type: AlertType;
  severity: AlertSeverity;
  state: AlertState;
  accountId: string | null;
  region: string | null;
  instanceId: string | null;
  team: string | null;
  title: string;
  detail: Record<string, unknown>;
  runId: number;
  openedAt: string;
  lastSeenRunId: number;
  lastSeenAt: string;
  resolvedRunId: number | null;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
  acknowledgedByName: string | null;
}

type AlertRow = Prisma.AlertGetPayload<object>;

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id.toString(),
    key: row.key,
    // safe because only this module writes type and severity, from ALERT_TYPES and AlertSeverity
    type: row.type as AlertType,
    severity: row.severity as AlertSeverity,
    state: row.resolvedAt === null ? "open" : "resolved",
    accountId: row.accountId,
    region: row.region,
    instanceId: row.instanceId,
    team: row.team,
    title: row.title,
    // safe because detail is always written as an object (AlertCondition.detail)
    detail: (row.detail ?? {}) as Record<string, unknown>,
    runId: row.runId,
    openedAt: row.openedAt.toISOString(),
    lastSeenRunId: row.lastSeenRunId,
    lastSeenAt: row.lastSeenAt.toISOString(),
    resolvedRunId: row.resolvedRunId,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedById: row.acknowledgedById,
    acknowledgedByName: row.acknowledgedByName,
  };
}

export async function listOpenAlertRefs(
  db: Db,
): Promise<(OpenAlertRef & { type: string; accountId: string | null; region: string | null })[]> {
  const rows = await db.alert.findMany({
    where: { openKey: { not: null } },
    select: { id: true, key: true, type: true, accountId: true, region: true },
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}

// A first evaluation can fire thousands of alerts at once (every instance with rejected calls):
// alerts are written in batches, not a round trip each.
const WRITE_BATCH = 1000;

export async function createAlerts(
  db: Db,
  conditions: readonly AlertCondition[],
  at: { runId: number; now: Date },
): Promise<AlertRecord[]> {
  const created: AlertRecord[] = [];
  for (let start = 0; start < conditions.length; start += WRITE_BATCH) {
    const rows = await db.alert.createManyAndReturn({
      data: conditions.slice(start, start + WRITE_BATCH).map((condition) => ({
        key: condition.key,
        openKey: condition.key,
        type: condition.type,
        severity: condition.severity,
        accountId: condition.accountId,
        region: condition.region,
        instanceId: condition.instanceId,
        team: condition.team,
        title: condition.title,
        detail: condition.detail as Prisma.InputJsonObject,
        runId: at.runId,
        openedAt: at.now,
        lastSeenRunId: at.runId,
        lastSeenAt: at.now,
      })),
    });
    created.push(...rows.map(toRecord));
  }
  return created;
}

/** The conditions still hold: newer detail and last-seen marks, nothing delivered. */
export async function refreshAlerts(
  db: Queryable,
  kept: readonly { id: string; condition: AlertCondition }[],
  at: { runId: number; now: Date },
): Promise<void> {
  for (let start = 0; start < kept.length; start += WRITE_BATCH) {
    const rows = kept.slice(start, start + WRITE_BATCH).map(({ id, condition }) => ({
      id,
      title: condition.title,
      team: condition.team,
      detail: condition.detail,
    }));
    await db.query(
      `UPDATE alert a SET title = r.title, team = r.team, detail = r.detail, last_seen_run_id = $2, last_seen_at = $3
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, title text, team text, detail jsonb)
       WHERE a.id = r.id`,
      [JSON.stringify(rows), at.runId, at.now],
    );
  }
}

export async function resolveAlerts(db: Db, ids: readonly string[], at: { runId: number; now: Date }): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.alert.updateMany({
    where: { id: { in: ids.map((id) => BigInt(id)) }, openKey: { not: null } },
    data: { openKey: null, resolvedAt: at.now, resolvedRunId: at.runId },
  });
  return result.count;
}

export async function recordEvaluation(
  db: Db,
  evaluation: {
    runId: number;
    evaluatedAt: Date;
    status: "ok" | "failed";
    fired: number;
    resolved: number;
    error: string | null;
  },
): Promise<void> {
  await db.alertEvaluation.upsert({
    where: { runId: evaluation.runId },
    create: evaluation,
    update: evaluation,
  });
}

export async function findAlertEvaluation(db: Db, runId: number) {
  return db.alertEvaluation.findUnique({ where: { runId } });
}

export async function getAlert(db: Db, id: string): Promise<AlertRecord> {
  const row = /^\d{1,18}$/.test(id) ? await db.alert.findUnique({ where: { id: BigInt(id) } }) : null;
  if (!row) throw new AppError("NotFound", `Alert ${id} does not exist`);
  return toRecord(row);
}

export interface AcknowledgedAlerts {
  /** The audit rows' shared change id. */
  changeId: string;
  /** Acknowledged by this call, in the order asked. */
  acknowledged: AlertRecord[];
  /** Acknowledged before (they keep their first acknowledgement; no audit row). */
  already: AlertRecord[];
}

/**
 * Acknowledges alerts in one transaction, all or nothing: a 422 naming `path(index)` when an id
 * names no alert; else per alert not yet acknowledged the mark and a succeeded audit row
 * (alert.acknowledge, one change id for all). An open drift alert's observed defaults become its
 * cell's expected ones, so the drift resolves on the next evaluation and a later change fires again.
 */
export async function acknowledgeAlerts(
  db: Db,
  ids: readonly string[],
  by: { id: string; name: string; at: Date; changeId: string },
  path: (index: number) => string,
): Promise<AcknowledgedAlerts> {
  return db.$transaction(async (tx) => {
    const keys = ids.map((id) => BigInt(id));
    const found = new Set(
      (await tx.alert.findMany({ where: { id: { in: keys } }, select: { id: true } })).map((row) => row.id.toString()),
    );
    const missing = ids.findIndex((id) => !found.has(BigInt(id).toString()));
    if (missing >= 0) throw new AppError("ValidationFailed", `${path(missing)}: alert ${ids[missing]} does not exist`);

    // The update locks the rows: of two concurrent acknowledgements, the second finds them taken.
    const marked = await tx.alert.updateManyAndReturn({
      where: { id: { in: keys }, acknowledgedAt: null },
      data: { acknowledgedAt: by.at, acknowledgedById: by.id, acknowledgedByName: by.name },
    });
    const byId = new Map(marked.map((row) => [row.id.toString(), toRecord(row)]));
    const acknowledged = ids.flatMap((id) => byId.get(BigInt(id).toString()) ?? []);
    for (const alert of acknowledged) {
      const entry = await createAuditEntry(tx, {
        changeId: by.changeId,
        requestedAt: by.at,
        completedAt: by.at,
        actorId: by.id,
        actorName: by.name,
        action: "alert.acknowledge",
        accountId: alert.accountId ?? "",
        region: alert.region ?? "",
        instanceId: alert.instanceId,
        before: { alert: alert.id, key: alert.key, acknowledged: false },
        after: { alert: alert.id, key: alert.key, acknowledged: true },
      });
      if (alert.type === "drift" && alert.state === "open" && alert.accountId && alert.region) {
        const baseline = {
          // safe because a snapshot is a flat object of strings, numbers and nulls
          defaults: snapshotFromJson(alert.detail.observed) as unknown as Prisma.InputJsonObject,
          source: "accepted",
          auditId: BigInt(entry.id),
          setAt: by.at,
        };
        await tx.regionDefaultsBaseline.upsert({
          where: { accountId_region: { accountId: alert.accountId, region: alert.region } },
          create: { accountId: alert.accountId, region: alert.region, ...baseline },
          update: baseline,
        });
      }
    }
    const already = (
      await tx.alert.findMany({ where: { id: { in: keys.filter((key) => !byId.has(key.toString())) } } })
    ).map(toRecord);
    return { changeId: by.changeId, acknowledged, already };
  });
}

// ---- listing (page, CSV, header badge) ----

/** GET /api/alerts: filters (absent = all) and a keyset cursor (the last id of the page before). */
export const AlertsQuery = z.object({
  type: enumParam(ALERT_TYPES),
  state: enumParam(ALERT_STATES),
  account: accountIdParam,
  region: regionParam,
  instance: instanceIdParam,
  cursor: idCursorParam("an alert id"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AlertsQuery = z.output<typeof AlertsQuery>;
export type AlertFilters = Omit<AlertsQuery, "limit" | "cursor">;

export interface AlertsPage {
  alerts: AlertRecord[];
  nextCursor: string | null;
  /** Open alerts nobody acknowledged yet, over every filter. */
  openUnacknowledged: number;
}

function whereOf(query: AlertFilters): Prisma.AlertWhereInput {
  return {
    ...(query.type ? { type: query.type } : {}),
    ...(query.state === "open"
      ? { resolvedAt: null }
      : query.state === "resolved"
        ? { resolvedAt: { not: null } }
        : {}),
    ...(query.account ? { accountId: query.account } : {}),
    ...(query.region ? { region: query.region } : {}),
    ...(query.instance ? { instanceId: query.instance } : {}),
  };
}

export async function countOpenUnacknowledged(db: Db): Promise<number> {
  return db.alert.count({ where: { resolvedAt: null, acknowledgedAt: null } });
}

/** Newest first, keyset-paged by id. */
async function pageOfAlerts(db: Db, query: AlertsQuery): Promise<Omit<AlertsPage, "openUnacknowledged">> {
  const rows = await db.alert.findMany({
    where: { ...whereOf(query), ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { alerts: page.map(toRecord), nextCursor: rows.length > query.limit ? page.at(-1)!.id.toString() : null };
}

export async function listAlerts(db: Db, query: AlertsQuery): Promise<AlertsPage> {
  const [page, openUnacknowledged] = await Promise.all([pageOfAlerts(db, query), countOpenUnacknowledged(db)]);
  return { ...page, openUnacknowledged };
}

export async function* iterateAlerts(db: Db, filters: AlertFilters, pageSize = 1000): AsyncGenerator<AlertRecord> {
  let cursor: string | null = null;
  do {
    // The export needs no open count: pages only.
    const page = await pageOfAlerts(db, { ...filters, cursor, limit: pageSize });
    yield* page.alerts;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
