import { DAY_MS, floorDay } from "@/lib/domain/time";
import type { Queryable } from "@/lib/db/conn/types";

/**
 * Rebuilds instance_summary for one account-region from its instance rows. Whatever changes
 * instance (the collector's phases, and any future writer) calls this after its write, in the
 * same transaction where it can.
 */
export async function refreshInstanceSummary(
  sql: Queryable,
  input: { accountId: string; region: string; now: number; windowDays: number },
): Promise<void> {
  // The readiness window (READINESS_WINDOW_DAYS), so "made IMDSv1 calls" here and the readiness
  // verdict stored beside it look at the same days. Older calls are summarised as "none": every
  // reader's window starts on or after this refresh's, since readers look from their own (later) today.
  const windowStart = new Date(floorDay(input.now) - input.windowDays * DAY_MS);
  // One statement, so no reader ever sees the account-region half rebuilt.
  await sql.query(
    `WITH old AS (DELETE FROM instance_summary WHERE account_id = $1 AND region = $2)
     INSERT INTO instance_summary (account_id, region, team, state, http_tokens, readiness, terminated,
       last_v1_day, last_rejected_day, instances)
     SELECT account_id, region, team, state, http_tokens, readiness, terminated_at IS NOT NULL,
       CASE WHEN last_v1_call_at >= $3 THEN last_v1_call_at::date END,
       CASE WHEN last_rejected_at >= $3 THEN last_rejected_at::date END,
       COUNT(*)
     FROM instance WHERE account_id = $1 AND region = $2
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    [input.accountId, input.region, windowStart],
  );
}
