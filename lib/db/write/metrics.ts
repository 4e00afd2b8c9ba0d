import { mergeDayRanges, type DayRange } from "@/lib/domain/day-ranges";
import { DAY_MS } from "@/lib/domain/time";
import type { Queryable } from "@/lib/db/conn/types";

export interface MetricPointRow {
  instanceId: string;
  metric: "MetadataNoToken" | "MetadataNoTokenRejected";
  period: number;
  timestamp: number;
  value: number;
}

export interface MetricWindowWrite {
  instanceIds: string[];
  /** Each replaced range is authoritative: stored points inside it that CloudWatch no longer returns go. */
  replaced: { period: number; start: Date; end: Date }[];
  /** Non-zero points only. */
  points: MetricPointRow[];
  /** Per instance, the epoch days in which it reported any datapoint (zeros included). */
  reportedDays: Map<string, number[]>;
  knownFrom: Date;
  knownThrough: Date;
  hourlyKnownThrough: Date | null;
}

const dayString = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const toEpochDay = (value: Date) => Math.round(value.getTime() / DAY_MS);

/**
 * Writes one batch of fetched metrics. Call inside a transaction: points, coverage and the
 * instances' "known through" marks move together, so a run killed midway leaves no gap marked known.
 */
export async function writeMetricWindow(db: Queryable, write: MetricWindowWrite): Promise<void> {
  const ids = write.instanceIds;
  if (ids.length === 0) return;

  for (const range of write.replaced) {
    await db.query(
      `DELETE FROM metric_point
       WHERE instance_id = ANY($1::text[]) AND period = $2 AND timestamp >= $3 AND timestamp < $4`,
      [ids, range.period, range.start, range.end],
    );
  }
  if (write.points.length > 0) {
    const { points } = write;
    await db.query(
      `INSERT INTO metric_point (instance_id, metric, period, timestamp, value)
       SELECT * FROM unnest($1::text[], $2::"MetricName"[], $3::int[], $4::timestamp(3)[], $5::float8[])
       ON CONFLICT (instance_id, metric, period, timestamp) DO UPDATE SET value = EXCLUDED.value`,
      [
        points.map((p) => p.instanceId),
        points.map((p) => p.metric),
        points.map((p) => p.period),
        points.map((p) => new Date(p.timestamp).toISOString()),
        points.map((p) => p.value),
      ],
    );
  }

  await mergeCoverage(db, ids, write.reportedDays, toEpochDay(write.knownFrom));

  const latest = latestCallPeriods(write.points);
  await db.query(
    `UPDATE instance i SET
       metrics_known_from = LEAST(COALESCE(i.metrics_known_from, $2), $2),
       metrics_known_through = GREATEST(COALESCE(i.metrics_known_through, $3), $3),
       hourly_known_through = CASE WHEN $4::timestamp(3) IS NULL THEN i.hourly_known_through
         ELSE GREATEST(COALESCE(i.hourly_known_through, $4), $4) END,
       last_v1_call_at = GREATEST(i.last_v1_call_at, u.v1_at),
       last_rejected_at = GREATEST(i.last_rejected_at, u.rejected_at)
     FROM unnest($1::text[], $5::timestamp(3)[], $6::timestamp(3)[]) AS u(id, v1_at, rejected_at)
     WHERE i.id = u.id`,
    [
      ids,
      write.knownFrom,
      write.knownThrough,
      write.hourlyKnownThrough,
      ids.map((id) => latest.get(id)?.MetadataNoToken ?? null),
      ids.map((id) => latest.get(id)?.MetadataNoTokenRejected ?? null),
    ],
  );
}

/** Per instance and metric, the start of the latest period with a non-zero Sum. */
function latestCallPeriods(points: MetricPointRow[]): Map<string, Partial<Record<MetricPointRow["metric"], Date>>> {
  const latest = new Map<string, Partial<Record<MetricPointRow["metric"], Date>>>();
  for (const point of points) {
    if (point.value <= 0) continue;
    const entry = latest.get(point.instanceId) ?? {};
    const current = entry[point.metric];
    if (!current || current.getTime() < point.timestamp) entry[point.metric] = new Date(point.timestamp);
    latest.set(point.instanceId, entry);
  }
  return latest;
}

async function mergeCoverage(
  db: Queryable,
  ids: string[],
  reportedDays: Map<string, number[]>,
  windowStartDay: number,
): Promise<void> {
  const touched = ids.filter((id) => (reportedDays.get(id)?.length ?? 0) > 0);
  if (touched.length === 0) return;
  // Only ranges that can join the new days need reading: those ending at or after the day before the window.
  // They are taken out and written back merged with the new days.
  const existing = await db.query<{ instance_id: string; from_day: Date; to_day: Date }>(
    `DELETE FROM metric_coverage WHERE instance_id = ANY($1::text[]) AND to_day >= $2::date
     RETURNING instance_id, from_day, to_day`,
    [touched, dayString(windowStartDay - 1)],
  );
  const byInstance = new Map<string, DayRange[]>();
  for (const row of existing.rows) {
    const list = byInstance.get(row.instance_id) ?? [];
    list.push({ from: toEpochDay(row.from_day), to: toEpochDay(row.to_day) });
    byInstance.set(row.instance_id, list);
  }
  const rows: { id: string; from: number; to: number }[] = [];
  for (const id of touched) {
    for (const range of mergeDayRanges(byInstance.get(id) ?? [], reportedDays.get(id))) rows.push({ id, ...range });
  }
  await db.query(
    `INSERT INTO metric_coverage (instance_id, from_day, to_day)
     SELECT * FROM unnest($1::text[], $2::date[], $3::date[])`,
    [rows.map((r) => r.id), rows.map((r) => dayString(r.from)), rows.map((r) => dayString(r.to))],
  );
}
