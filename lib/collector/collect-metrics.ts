import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { getImdsMetricSums, QUERIES_PER_CALL, IMDS_METRICS, type MetricSeries } from "@/lib/aws/metrics";
import { listMetricCursors } from "@/lib/db/write/instances";
import { writeMetricWindow, type MetricPointRow } from "@/lib/db/write/metrics";
import { collectedDataTransaction } from "@/lib/db/conn/write-transaction";
import type { Database } from "@/lib/db/conn/client";
import { DAY_MS, HOUR_MS, epochDay, floorDay, floorHour } from "@/lib/domain/time";

/** CloudWatch keeps hourly data 455 days: nothing older can be backfilled. */
const RETENTION_DAYS = 455;
const INSTANCES_PER_CALL = QUERIES_PER_CALL / IMDS_METRICS.length;
/** Instances whose metrics are written in one transaction (several GetMetricData calls' worth). */
export const INSTANCES_PER_WRITE = 4 * INSTANCES_PER_CALL;

export interface MetricPlan {
  /** First day to (re)read; instances with the same start are fetched together. */
  from: number;
  /** Daily (86400 s) points are read for [from, hourlyStart); empty when from >= hourlyStart. */
  hourlyStart: number;
  /** Hourly points for [hourlyStart, hourlyEnd); complete days in it also give the daily sums. */
  hourlyEnd: number;
  todayStart: number;
}

/**
 * The windows for one instance: only days not yet known, plus the recent hours (always re-read;
 * CloudWatch bills per metric requested, not per datapoint, so this costs no extra call).
 * hourlyStart is day-aligned so every complete day in the hourly window has an exact daily sum.
 */
export function planMetricWindow(
  now: number,
  knownThrough: number | null,
  options: { backfillDays: number; hourlyHours: number },
): MetricPlan {
  const todayStart = floorDay(now);
  const oldest = todayStart - RETENTION_DAYS * DAY_MS;
  const from = Math.max(knownThrough ?? todayStart - options.backfillDays * DAY_MS, oldest);
  const hourlyStart = floorDay(now - options.hourlyHours * HOUR_MS);
  return { from: Math.min(from, todayStart), hourlyStart, hourlyEnd: floorHour(now), todayStart };
}

export interface MetricsOutcome {
  pointsWritten: number;
  earliestDay: number | null;
}

/** Reads both IMDS metrics for every live instance of one account-region and stores them. */
export async function collectRegionMetrics(input: {
  db: Database;
  cloudwatch: CloudWatchClient;
  accountId: string;
  region: string;
  now: number;
  backfillDays: number;
  hourlyHours: number;
  checkpoint: () => void;
}): Promise<MetricsOutcome> {
  const cursors = await listMetricCursors(input.db.raw, input.accountId, input.region);
  // Instances read from the same day are fetched together; those never read have nothing to replace.
  const groups = new Map<string, { from: number; firstFetch: boolean; ids: string[] }>();
  for (const cursor of cursors) {
    const plan = planMetricWindow(input.now, cursor.metricsKnownThrough?.getTime() ?? null, input);
    const firstFetch = cursor.metricsKnownThrough === null;
    const key = `${plan.from}/${firstFetch}`;
    const group = groups.get(key) ?? { from: plan.from, firstFetch, ids: [] };
    group.ids.push(cursor.id);
    groups.set(key, group);
  }

  let pointsWritten = 0;
  let earliestDay: number | null = null;
  for (const { from, firstFetch, ids } of groups.values()) {
    const plan = planMetricWindow(input.now, from, input);
    earliestDay = Math.min(earliestDay ?? Infinity, Math.min(plan.from, plan.hourlyStart));
    for (let start = 0; start < ids.length; start += INSTANCES_PER_WRITE) {
      const batch = ids.slice(start, start + INSTANCES_PER_WRITE);
      const daily: MetricSeries[] = [];
      const hourly: MetricSeries[] = [];
      for (let offset = 0; offset < batch.length; offset += INSTANCES_PER_CALL) {
        input.checkpoint();
        const chunk = batch.slice(offset, offset + INSTANCES_PER_CALL);
        const fetched = await fetchChunk(input.cloudwatch, chunk, plan);
        daily.push(...fetched.daily);
        hourly.push(...fetched.hourly);
      }
      const { points, reportedDays } = toStoredPoints(daily, hourly, plan);
      await collectedDataTransaction(input.db.raw, async (tx) => {
        await writeMetricWindow(tx, {
          instanceIds: batch,
          replaced: firstFetch
            ? []
            : [
                {
                  period: 86400,
                  start: new Date(Math.min(plan.from, plan.hourlyStart)),
                  end: new Date(plan.todayStart),
                },
                { period: 3600, start: new Date(plan.hourlyStart), end: new Date(plan.hourlyEnd) },
              ],
          points,
          reportedDays,
          knownFrom: new Date(Math.min(plan.from, plan.hourlyStart)),
          knownThrough: new Date(plan.todayStart),
          hourlyKnownThrough: new Date(plan.hourlyEnd),
        });
      });
      pointsWritten += points.length;
    }
  }
  return { pointsWritten, earliestDay };
}

/** One GetMetricData call's worth of instances: daily sums for old days, hourly for recent ones. */
async function fetchChunk(
  cloudwatch: CloudWatchClient,
  chunk: string[],
  plan: MetricPlan,
): Promise<{ daily: MetricSeries[]; hourly: MetricSeries[] }> {
  const fetchWindow = (period: number, start: number, end: number) =>
    start < end ? getImdsMetricSums(cloudwatch, chunk, { period, start: new Date(start), end: new Date(end) }) : [];
  return {
    daily: await fetchWindow(86400, plan.from, plan.hourlyStart),
    hourly: await fetchWindow(3600, plan.hourlyStart, plan.hourlyEnd),
  };
}

/**
 * Non-zero points to store, and the days each instance reported anything. Daily sums for complete
 * days inside the hourly window are the sums of their 24 hourly values (exact for Sum).
 */
export function toStoredPoints(
  daily: MetricSeries[],
  hourly: MetricSeries[],
  plan: MetricPlan,
): { points: MetricPointRow[]; reportedDays: Map<string, number[]> } {
  const points: MetricPointRow[] = [];
  const reported = new Map<string, Set<number>>();
  const markReported = (instanceId: string, day: number) => {
    let days = reported.get(instanceId);
    if (!days) reported.set(instanceId, (days = new Set()));
    days.add(day);
  };

  for (const series of daily) {
    for (const [timestamp, value] of series.points) {
      markReported(series.instanceId, epochDay(timestamp));
      if (value !== 0)
        points.push({ instanceId: series.instanceId, metric: series.metric, period: 86400, timestamp, value });
    }
  }
  for (const series of hourly) {
    const dayTotals = new Map<number, number>();
    for (const [timestamp, value] of series.points) {
      if (value !== 0)
        points.push({ instanceId: series.instanceId, metric: series.metric, period: 3600, timestamp, value });
      const day = floorDay(timestamp);
      if (day < plan.todayStart) {
        dayTotals.set(day, (dayTotals.get(day) ?? 0) + value);
        markReported(series.instanceId, epochDay(day));
      }
    }
    for (const [day, total] of dayTotals) {
      if (total !== 0)
        points.push({
          instanceId: series.instanceId,
          metric: series.metric,
          period: 86400,
          timestamp: day,
          value: total,
        });
    }
  }
  const reportedDays = new Map([...reported].map(([id, days]) => [id, [...days].sort((a, b) => a - b)]));
  return { points, reportedDays };
}
