import type { MergedDay } from "@/lib/domain/progress";
import { floorDay } from "@/lib/domain/time";
import type { Db, Queryable } from "@/lib/db/conn/types";

/** daily_rollup.team of an account-region's total over all teams. EC2 tag values cannot hold "*". */
export const ALL_TEAMS = "*";
/** daily_rollup.team of the instances without a team tag (the collector never stores an empty team). */
export const UNTAGGED_TEAM = "";

/**
 * Recomputes the metric columns of the daily rollups of one account-region for [fromDay, toDay):
 * complete UTC days only, from stored daily points and coverage; one row per day for the total and
 * one per day for each team the region has ever had.
 */
export async function refreshMetricRollups(
  db: Queryable,
  input: { accountId: string; region: string; fromDay: Date; toDay: Date },
): Promise<void> {
  if (input.toDay <= input.fromDay) return;
  await db.query(
    // Driven by the region's instance ids through the primary keys: filtering by (period, timestamp)
    // first would scan every account-region's points for each unit.
    `WITH region_instance AS (
       SELECT id, COALESCE(team, '${UNTAGGED_TEAM}') AS team FROM instance WHERE account_id = $1 AND region = $2
     ),
     ids AS (
       SELECT ARRAY(SELECT id FROM region_instance) AS ids
     ),
     teams AS (
       SELECT DISTINCT team FROM region_instance UNION SELECT '${ALL_TEAMS}'
     ),
     days AS (
       SELECT d::date AS day FROM generate_series($3::date, $4::date - 1, interval '1 day') AS d
     ),
     -- MATERIALIZED: read by the primary keys' instance_id prefix first; joined to the teams only
     -- afterwards (joined inside, the planner may scan every account-region's points instead).
     points AS MATERIALIZED (
       SELECT mp.instance_id, mp.metric, mp.timestamp::date AS day, mp.value
       FROM metric_point mp
       WHERE mp.instance_id = ANY((SELECT ids FROM ids)::text[]) AND mp.period = 86400
         AND mp.timestamp >= $3::date AND mp.timestamp < $4::date
     ),
     coverage AS MATERIALIZED (
       SELECT mc.instance_id, mc.from_day, mc.to_day
       FROM metric_coverage mc
       WHERE mc.instance_id = ANY((SELECT ids FROM ids)::text[]) AND mc.to_day >= $3::date AND mc.from_day < $4::date
     ),
     metric AS (
       SELECT p.day, CASE WHEN GROUPING(ri.team) = 1 THEN '${ALL_TEAMS}' ELSE ri.team END AS team,
         SUM(p.value) FILTER (WHERE p.metric = 'MetadataNoToken') AS v1_calls,
         SUM(p.value) FILTER (WHERE p.metric = 'MetadataNoTokenRejected') AS rejected_calls,
         COUNT(DISTINCT p.instance_id) FILTER (WHERE p.metric = 'MetadataNoToken') AS with_v1,
         COUNT(DISTINCT p.instance_id) FILTER (WHERE p.metric = 'MetadataNoTokenRejected') AS with_rejected
       FROM points p JOIN region_instance ri ON ri.id = p.instance_id
       GROUP BY GROUPING SETS ((p.day), (p.day, ri.team))
     ),
     reporting AS (
       SELECT days.day, CASE WHEN GROUPING(ri.team) = 1 THEN '${ALL_TEAMS}' ELSE ri.team END AS team,
         COUNT(*) AS instances
       FROM coverage c
       JOIN region_instance ri ON ri.id = c.instance_id
       JOIN days ON days.day BETWEEN c.from_day AND c.to_day
       GROUP BY GROUPING SETS ((days.day), (days.day, ri.team))
     )
     INSERT INTO daily_rollup (account_id, region, team, day, v1_calls, rejected_calls, instances_with_v1_calls,
       instances_with_rejected, instances_reporting)
     SELECT $1, $2, teams.team, days.day, COALESCE(m.v1_calls, 0), COALESCE(m.rejected_calls, 0),
       COALESCE(m.with_v1, 0), COALESCE(m.with_rejected, 0), COALESCE(r.instances, 0)
     FROM days CROSS JOIN teams
       LEFT JOIN metric m ON m.day = days.day AND m.team = teams.team
       LEFT JOIN reporting r ON r.day = days.day AND r.team = teams.team
     ON CONFLICT (account_id, region, team, day) DO UPDATE SET
       v1_calls = EXCLUDED.v1_calls, rejected_calls = EXCLUDED.rejected_calls,
       instances_with_v1_calls = EXCLUDED.instances_with_v1_calls,
       instances_with_rejected = EXCLUDED.instances_with_rejected,
       instances_reporting = EXCLUDED.instances_reporting`,
    [input.accountId, input.region, input.fromDay.toISOString().slice(0, 10), input.toDay.toISOString().slice(0, 10)],
  );
}

/**
 * Whether the account-region has per-team rollups yet. Databases from before the team dimension
 * have only totals: the collector then recomputes the metric columns over all stored days once.
 */
export async function hasTeamRollups(db: Queryable, accountId: string, region: string): Promise<boolean> {
  const result = await db.query(
    `SELECT 1 FROM daily_rollup WHERE account_id = $1 AND region = $2 AND team <> '${ALL_TEAMS}' LIMIT 1`,
    [accountId, region],
  );
  return result.rows.length > 0;
}

/** The first day with a stored daily metric point in the account-region (null: none). */
export async function findFirstMetricDay(db: Queryable, accountId: string, region: string): Promise<Date | null> {
  const result = await db.query<{ from: Date | null }>(
    `SELECT MIN(metrics_known_from) AS from FROM instance WHERE account_id = $1 AND region = $2`,
    [accountId, region],
  );
  const from = result.rows[0]?.from;
  return from ? new Date(floorDay(from.getTime())) : null;
}

/**
 * Records the settings counts observed today, for the total and each team the region has ever had
 * (a team whose instances are all gone gets zeros, not "unknown"); the last observation of a day wins.
 */
export async function recordSettingsSnapshot(
  db: Queryable,
  input: { accountId: string; region: string; day: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO daily_rollup (account_id, region, team, day, instances, http_tokens_required, http_tokens_optional,
       settings_source)
     SELECT $1, $2, CASE WHEN GROUPING(COALESCE(team, '${UNTAGGED_TEAM}')) = 1 THEN '${ALL_TEAMS}'
         ELSE COALESCE(team, '${UNTAGGED_TEAM}') END,
       $3::date, COUNT(*) FILTER (WHERE terminated_at IS NULL),
       COUNT(*) FILTER (WHERE terminated_at IS NULL AND http_tokens = 'required'),
       COUNT(*) FILTER (WHERE terminated_at IS NULL AND http_tokens = 'optional'), 'observed'
     FROM instance WHERE account_id = $1 AND region = $2
     GROUP BY GROUPING SETS ((), (COALESCE(team, '${UNTAGGED_TEAM}')))
     ON CONFLICT (account_id, region, team, day) DO UPDATE SET
       instances = EXCLUDED.instances, http_tokens_required = EXCLUDED.http_tokens_required,
       http_tokens_optional = EXCLUDED.http_tokens_optional, settings_source = EXCLUDED.settings_source`,
    [input.accountId, input.region, input.day.toISOString().slice(0, 10)],
  );
}

const KNOWN_SOURCE = "settings_source IN ('observed', 'reconstructed')";
const SETTINGS_KNOWN = `(instances IS NOT NULL AND http_tokens_required IS NOT NULL AND http_tokens_optional IS NOT NULL
  AND ${KNOWN_SOURCE})`;

/**
 * The daily rollups from `fromDay` (YYYY-MM-DD), optionally of one account and/or region, merged
 * by day in PostgreSQL (lib/domain/progress mergeByDay's rules: a count is null when any cell's
 * is, the source is the weakest present), for one team (UNTAGGED_TEAM: instances without a team
 * tag) or, by default, all teams. Oldest first.
 */
export async function listRollupDays(
  db: Db,
  filter: { fromDay: string; accountId?: string | null; region?: string | null; team?: string | null },
): Promise<MergedDay[]> {
  const params: unknown[] = [filter.fromDay, filter.team ?? ALL_TEAMS];
  const clauses = ["day >= $1::date", "team = $2"];
  if (filter.accountId) clauses.push(`account_id = $${params.push(filter.accountId)}`);
  if (filter.region) clauses.push(`region = $${params.push(filter.region)}`);
  const rows = await db.$queryRawUnsafe<(Omit<MergedDay, "settingsSource"> & { source: string | null })[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day,
       CASE WHEN COUNT(*) = COUNT(instances) THEN SUM(instances)::int END AS instances,
       CASE WHEN COUNT(*) = COUNT(http_tokens_required) THEN SUM(http_tokens_required)::int END AS required,
       CASE WHEN COUNT(*) = COUNT(http_tokens_optional) THEN SUM(http_tokens_optional)::int END AS optional,
       CASE WHEN bool_or(settings_source IS NULL OR NOT ${KNOWN_SOURCE}) THEN NULL
         WHEN bool_or(settings_source = 'reconstructed') THEN 'reconstructed' ELSE 'observed' END AS source,
       SUM(v1_calls)::float8 AS "v1Calls", SUM(rejected_calls)::float8 AS "rejectedCalls",
       COUNT(*)::int AS cells,
       COUNT(*) FILTER (WHERE NOT ${SETTINGS_KNOWN})::int AS "cellsWithoutSettings"
     FROM daily_rollup WHERE ${clauses.join(" AND ")} GROUP BY day ORDER BY day`,
    ...params,
  );
  return rows.map(({ source, ...row }) => ({
    ...row,
    settingsSource: source === "observed" || source === "reconstructed" ? source : null,
    v1Calls: Number(row.v1Calls),
    rejectedCalls: Number(row.rejectedCalls),
  }));
}
