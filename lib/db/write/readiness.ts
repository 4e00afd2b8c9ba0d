import type { DayRange } from "@/lib/domain/day-ranges";
import { evaluateReadiness, READINESS, type Readiness, type ReadinessInput } from "@/lib/domain/readiness";
import { DAY_MS, epochDay } from "@/lib/domain/time";
import type { Queryable } from "@/lib/db/conn/types";

/** The instance columns readiness is judged from, as queries return them. */
export interface ReadinessColumns {
  http_tokens: string;
  http_endpoint: string | null;
  metadata_state: string | null;
  state: string;
  last_v1_call_at: Date | null;
  last_rejected_at: Date | null;
  metrics_known_through: Date | null;
}

interface InstanceRow extends ReadinessColumns {
  id: string;
}

/** lib/domain/readiness's input from an instance row and its metric coverage. */
export function readinessInputOf(row: ReadinessColumns, coverage: DayRange[]): ReadinessInput {
  return {
    httpTokens: row.http_tokens,
    httpEndpoint: row.http_endpoint,
    metadataState: row.metadata_state,
    state: row.state,
    lastV1CallAt: row.last_v1_call_at,
    lastRejectedAt: row.last_rejected_at,
    coverage,
    metricsKnownThrough: row.metrics_known_through,
  };
}

const epochDayOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Coverage as the list queries aggregate it: json_agg of [from_day, to_day] text pairs. */
export const coverageFromJson = (pairs: readonly [string, string][] | null): DayRange[] =>
  (pairs ?? []).map(([from, to]) => ({ from: epochDayOf(from), to: epochDayOf(to) }));

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const toEpochDay = (value: Date) => Math.round(value.getTime() / DAY_MS);

/**
 * Evaluates lib/domain/readiness for every live instance of one account-region and stores the
 * verdict in instance.readiness (one UPDATE; rows whose verdict is unchanged are not rewritten).
 * Returns how many live instances have each verdict. Terminated instances keep their last one.
 */
export async function refreshReadiness(
  sql: Queryable,
  input: { accountId: string; region: string; now: number; windowDays: number },
): Promise<Record<Readiness, number>> {
  const instances = await sql.query<InstanceRow>(
    `SELECT id, http_tokens, http_endpoint, metadata_state, state, last_v1_call_at, last_rejected_at,
       metrics_known_through
     FROM instance WHERE account_id = $1 AND region = $2 AND terminated_at IS NULL ORDER BY id`,
    [input.accountId, input.region],
  );
  // safe because the entries are exactly READINESS's members
  const counts = Object.fromEntries(READINESS.map((readiness) => [readiness, 0])) as Record<Readiness, number>;
  if (instances.rows.length === 0) return counts;

  const ids = instances.rows.map((row) => row.id);
  // Only ranges reaching into the window matter for coverage.
  const windowFrom = epochDay(input.now) - input.windowDays;
  const coverage = await sql.query<{ instance_id: string; from_day: Date; to_day: Date }>(
    `SELECT instance_id, from_day, to_day FROM metric_coverage
     WHERE instance_id = ANY($1::text[]) AND to_day >= $2::date`,
    [ids, dayString(windowFrom)],
  );
  const rangesById = new Map<string, DayRange[]>();
  for (const row of coverage.rows) {
    const ranges = rangesById.get(row.instance_id) ?? [];
    ranges.push({ from: toEpochDay(row.from_day), to: toEpochDay(row.to_day) });
    rangesById.set(row.instance_id, ranges);
  }

  const verdicts = instances.rows.map((row) => {
    const { readiness } = evaluateReadiness(readinessInputOf(row, rangesById.get(row.id) ?? []), {
      now: input.now,
      windowDays: input.windowDays,
    });
    counts[readiness] += 1;
    return readiness;
  });

  await sql.query(
    `UPDATE instance i SET readiness = u.readiness
     FROM unnest($1::text[], $2::text[]) AS u(id, readiness)
     WHERE i.id = u.id AND i.readiness IS DISTINCT FROM u.readiness`,
    [ids, verdicts],
  );
  return counts;
}
