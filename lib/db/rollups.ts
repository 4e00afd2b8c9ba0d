import type { RollupDay } from "@/lib/domain/progress";
import type { Db, Queryable } from "./types";

/**
 * Recomputes the metric columns of the daily rollups of one account-region for [fromDay, toDay):
 * complete UTC days only, from stored daily points and coverage.
 */
export async function refreshMetricRollups(
  db: Queryable,
  input: { accountId: string; region: string; fromDay: Date; toDay: Date },
): Promise<void> {
  if (input.toDay <= input.fromDay) return;
  await db.query(
    // Driven by the region's instance ids through the primary keys: filtering by (period, timestamp)
    // first would scan every account-region's points for each unit.
    `WITH ids AS (
       SELECT ARRAY(SELECT id FROM instance WHERE account_id = $1 AND region = $2) AS ids
     ),
     days AS (
       SELECT d::date AS day FROM generate_series($3::date, $4::date - 1, interval '1 day') AS d
     ),
     metric AS (
       SELECT mp.timestamp::date AS day,
         SUM(mp.value) FILTER (WHERE mp.metric = 'MetadataNoToken') AS v1_calls,
         SUM(mp.value) FILTER (WHERE mp.metric = 'MetadataNoTokenRejected') AS rejected_calls,
         COUNT(DISTINCT mp.instance_id) FILTER (WHERE mp.metric = 'MetadataNoToken') AS with_v1,
         COUNT(DISTINCT mp.instance_id) FILTER (WHERE mp.metric = 'MetadataNoTokenRejected') AS with_rejected
       FROM metric_point mp
       WHERE mp.instance_id = ANY((SELECT ids FROM ids)::text[]) AND mp.period = 86400
         AND mp.timestamp >= $3::date AND mp.timestamp < $4::date
       GROUP BY 1
     ),
     reporting AS (
       SELECT days.day, COUNT(*) AS instances
       FROM metric_coverage mc
       JOIN days ON days.day BETWEEN mc.from_day AND mc.to_day
       WHERE mc.instance_id = ANY((SELECT ids FROM ids)::text[]) AND mc.to_day >= $3::date AND mc.from_day < $4::date
       GROUP BY days.day
     )
     INSERT INTO daily_rollup (account_id, region, day, v1_calls, rejected_calls, instances_with_v1_calls,
       instances_with_rejected, instances_reporting)
     SELECT $1, $2, days.day, COALESCE(m.v1_calls, 0), COALESCE(m.rejected_calls, 0), COALESCE(m.with_v1, 0),
       COALESCE(m.with_rejected, 0), COALESCE(r.instances, 0)
     FROM days LEFT JOIN metric m ON m.day = days.day LEFT JOIN reporting r ON r.day = days.day
     ON CONFLICT (account_id, region, day) DO UPDATE SET
       v1_calls = EXCLUDED.v1_calls, rejected_calls = EXCLUDED.rejected_calls,
       instances_with_v1_calls = EXCLUDED.instances_with_v1_calls,
       instances_with_rejected = EXCLUDED.instances_with_rejected,
       instances_reporting = EXCLUDED.instances_reporting`,
    [input.accountId, input.region, input.fromDay.toISOString().slice(0, 10), input.toDay.toISOString().slice(0, 10)],
  );
}

/** Records the settings counts observed today; the last observation of a day wins. */
export async function recordSettingsSnapshot(
  db: Queryable,
  input: { accountId: string; region: string; day: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO daily_rollup (account_id, region, day, instances, http_tokens_required, http_tokens_optional,
       settings_source)
     SELECT $1, $2, $3::date, COUNT(*), COUNT(*) FILTER (WHERE http_tokens = 'required'),
       COUNT(*) FILTER (WHERE http_tokens = 'optional'), 'observed'
     FROM instance WHERE account_id = $1 AND region = $2 AND terminated_at IS NULL
     ON CONFLICT (account_id, region, day) DO UPDATE SET
       instances = EXCLUDED.instances, http_tokens_required = EXCLUDED.http_tokens_required,
       http_tokens_optional = EXCLUDED.http_tokens_optional, settings_source = EXCLUDED.settings_source`,
    [input.accountId, input.region, input.day.toISOString().slice(0, 10)],
  );
}

/** Daily rollup rows from `fromDay` (YYYY-MM-DD), optionally for one account and/or region, oldest first. */
export async function listDailyRollups(
  db: Db,
  filter: { fromDay: string; accountId?: string | null; region?: string | null },
): Promise<RollupDay[]> {
  const params: unknown[] = [filter.fromDay];
  const clauses = ["day >= $1::date"];
  if (filter.accountId) clauses.push(`account_id = $${params.push(filter.accountId)}`);
  if (filter.region) clauses.push(`region = $${params.push(filter.region)}`);
  const rows = await db.$queryRawUnsafe<(Omit<RollupDay, "settingsSource"> & { source: string | null })[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, instances, http_tokens_required AS required,
       http_tokens_optional AS optional, settings_source AS source, v1_calls::float8 AS "v1Calls",
       rejected_calls::float8 AS "rejectedCalls"
     FROM daily_rollup WHERE ${clauses.join(" AND ")} ORDER BY day, account_id, region`,
    ...params,
  );
  return rows.map(({ source, ...row }) => ({
    ...row,
    settingsSource: source === "observed" || source === "reconstructed" ? source : null,
    v1Calls: Number(row.v1Calls),
    rejectedCalls: Number(row.rejectedCalls),
  }));
}
