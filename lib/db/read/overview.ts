import { listRollupDays, UNTAGGED_TEAM } from "@/lib/db/write/rollups";
import { forecastCompletion } from "@/lib/domain/forecast";
import { burndown, type MergedDay } from "@/lib/domain/progress";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import type { Db } from "@/lib/db/conn/types";

import { OverviewQuery } from "@/lib/contracts/overview-query";

/**
 * Current counts over live instances: what every headline figure and breakdown row is made of.
 * The call counts count instances (not calls) over the readiness window, the days readiness is
 * judged on, so they and the readiness states (Blocked, Broken) agree.
 */
export interface FleetCounts {
  instances: number;
  required: number;
  optional: number;
  /** Instances whose last IMDSv1 call is within the readiness window. */
  instancesWithV1Calls: number;
  /** Instances with a rejected (tokenless) call within the readiness window. */
  instancesWithRejected: number;
}

export interface OverviewOptions {
  now?: number;
  /** READINESS_WINDOW_DAYS: the look-back of the instance-level call counts. */
  windowDays: number;
}

export interface BreakdownRow extends FleetCounts {
  key: string;
  label: string;
}

export interface OverviewData {
  query: OverviewQuery;
  /** UTC day the figures were computed on; the last complete metric day is the one before. */
  today: string;
  options: { accounts: { id: string; name: string | null }[]; regions: string[]; teams: string[] };
  /** The look-back, in days, of every instance-level call count (READINESS_WINDOW_DAYS). */
  callsWindowDays: number;
  figures: FleetCounts;
  /** Instances per readiness state (null = not assessed yet), each with its counts. */
  readiness: ({ readiness: string | null } & FleetCounts)[];
  breakdowns: { accounts: BreakdownRow[]; regions: BreakdownRow[]; teams: BreakdownRow[] };
  /** Rollups of the filtered account, region and team, merged by day over the range. */
  series: OverviewDay[];
  /** When the remaining optional instances reach zero at the recent pace. */
  forecast: ReturnType<typeof forecastCompletion>;
}

export type OverviewDay = MergedDay;

type CountRow = { key: string | null } & FleetCounts;

const NO_TEAM = "(no team tag)";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** WHERE clause over instance_summary for the filters; params are appended to `params`. */
function instanceWhere(query: OverviewQuery, params: unknown[]): string {
  const clauses = ["NOT terminated"];
  if (query.account) {
    params.push(query.account);
    clauses.push(`account_id = $${params.length}`);
  }
  if (query.region) {
    params.push(query.region);
    clauses.push(`region = $${params.length}`);
  }
  if (query.team) {
    if (query.team === NO_TEAM) clauses.push("team IS NULL");
    else {
      params.push(query.team);
      clauses.push(`team = $${params.length}`);
    }
  }
  return clauses.join(" AND ");
}

// Over instance_summary, whose rows each stand for `instances` instances.
const COUNTS = (sinceParam: string) => `COALESCE(SUM(instances), 0)::int AS instances,
  COALESCE(SUM(instances) FILTER (WHERE http_tokens = 'required'), 0)::int AS required,
  COALESCE(SUM(instances) FILTER (WHERE http_tokens = 'optional'), 0)::int AS optional,
  COALESCE(SUM(instances) FILTER (WHERE last_v1_day >= ${sinceParam}::date), 0)::int AS "instancesWithV1Calls",
  COALESCE(SUM(instances) FILTER (WHERE last_rejected_day >= ${sinceParam}::date), 0)::int AS "instancesWithRejected"`;

const toCounts = (row: FleetCounts | undefined): FleetCounts => ({
  instances: row?.instances ?? 0,
  required: row?.required ?? 0,
  optional: row?.optional ?? 0,
  instancesWithV1Calls: row?.instancesWithV1Calls ?? 0,
  instancesWithRejected: row?.instancesWithRejected ?? 0,
});

/**
 * Everything the overview draws. Current figures come from instance_summary (a few rows per
 * account-region), history from daily_rollup: no query here reads instance or metric_point.
 */
export async function getOverview(db: Db, query: OverviewQuery, options: OverviewOptions): Promise<OverviewData> {
  const todayMs = floorDay(options.now ?? Date.now());
  // As lib/domain/readiness judges: calls since the start of the day windowDays before today.
  const callsSince = new Date(todayMs - options.windowDays * DAY_MS);
  const fromDay = isoDay(todayMs - (query.days - 1) * DAY_MS);

  // One pass over instance for all four breakdowns: GROUPING() says which set a row belongs to.
  const groupedCounts = async () => {
    const params: unknown[] = [callsSince];
    const where = instanceWhere(query, params);
    const rows = await db.$queryRawUnsafe<(CountRow & { grouping: number })[]>(
      `SELECT GROUPING(account_id, region, team, readiness)::int AS grouping,
         COALESCE(account_id, region, team, readiness) AS key, ${COUNTS("$1")}
       FROM instance_summary WHERE ${where}
       GROUP BY GROUPING SETS ((account_id), (region), (team), (readiness))
       ORDER BY 1, 2`,
      ...params,
    );
    // GROUPING(a, b, c, d) has a bit set for each column not grouped: 7 = only account_id, 11 = region...
    const pick = (grouping: number) => rows.filter((row) => row.grouping === grouping);
    return { byAccount: pick(0b0111), byRegion: pick(0b1011), byTeam: pick(0b1101), byReadiness: pick(0b1110) };
  };

  const [{ byAccount, byRegion, byTeam, byReadiness }, accounts, regions, teams, series] = await Promise.all([
    groupedCounts(),
    db.account.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } }),
    db.$queryRawUnsafe<{ name: string }[]>(`SELECT DISTINCT name FROM region ORDER BY name`),
    db.$queryRawUnsafe<{ team: string }[]>(
      `SELECT DISTINCT team FROM instance_summary WHERE team IS NOT NULL AND NOT terminated ORDER BY team`,
    ),
    listRollupDays(db, {
      fromDay,
      accountId: query.account,
      region: query.region,
      team: query.team === NO_TEAM ? UNTAGGED_TEAM : query.team,
    }),
  ]);

  const accountNames = new Map(accounts.map((account) => [account.id, account.name]));
  const toRows = (rows: CountRow[], label: (key: string) => string, noKey: string): BreakdownRow[] =>
    rows.map((row) => ({
      ...toCounts(row),
      key: row.key ?? noKey,
      label: row.key === null ? noKey : label(row.key),
    }));

  const byAccountRows = toRows(byAccount, (id) => accountNames.get(id) ?? id, "(unknown)");
  return {
    query,
    today: isoDay(todayMs),
    options: {
      accounts,
      regions: regions.map((row) => row.name),
      teams: teams.map((row) => row.team),
    },
    callsWindowDays: options.windowDays,
    figures: byAccountRows.reduce<FleetCounts>(
      (sum, row) => ({
        instances: sum.instances + row.instances,
        required: sum.required + row.required,
        optional: sum.optional + row.optional,
        instancesWithV1Calls: sum.instancesWithV1Calls + row.instancesWithV1Calls,
        instancesWithRejected: sum.instancesWithRejected + row.instancesWithRejected,
      }),
      toCounts(undefined),
    ),
    readiness: byReadiness.map((row) => ({ readiness: row.key, ...toCounts(row) })),
    breakdowns: {
      accounts: byAccountRows,
      regions: toRows(byRegion, (name) => name, "(unknown)"),
      teams: toRows(byTeam, (team) => team, NO_TEAM),
    },
    series,
    forecast: forecastCompletion(burndown(series), { today: isoDay(todayMs) }),
  };
}

export { NO_TEAM };
