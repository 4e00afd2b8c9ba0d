import { DAY_MS, floorDay } from "@/lib/domain/time";
import type { Db } from "./types";

export interface StatusTotals {
  instances: number;
  running: number;
  stopped: number;
  httpTokensRequired: number;
  httpTokensOptional: number;
  instancesWithV1Calls7d: number;
  instancesWithRejected7d: number;
  regions: number;
}

/** Headline figures for the home page: one pass over live instances (last-call columns, no metric scan). */
export async function getStatusTotals(db: Db, now: number): Promise<StatusTotals> {
  const since = new Date(floorDay(now) - 7 * DAY_MS);
  const [row] = await db.$queryRawUnsafe<Record<keyof StatusTotals, number>[]>(
    `SELECT
       COUNT(*)::int AS instances,
       COUNT(*) FILTER (WHERE state = 'running')::int AS running,
       COUNT(*) FILTER (WHERE state = 'stopped')::int AS stopped,
       COUNT(*) FILTER (WHERE http_tokens = 'required')::int AS "httpTokensRequired",
       COUNT(*) FILTER (WHERE http_tokens = 'optional')::int AS "httpTokensOptional",
       COUNT(*) FILTER (WHERE last_v1_call_at >= $1)::int AS "instancesWithV1Calls7d",
       COUNT(*) FILTER (WHERE last_rejected_at >= $1)::int AS "instancesWithRejected7d",
       (SELECT COUNT(*)::int FROM region WHERE last_collected_at IS NOT NULL) AS regions
     FROM instance WHERE terminated_at IS NULL`,
    since,
  );
  return {
    instances: row?.instances ?? 0,
    running: row?.running ?? 0,
    stopped: row?.stopped ?? 0,
    httpTokensRequired: row?.httpTokensRequired ?? 0,
    httpTokensOptional: row?.httpTokensOptional ?? 0,
    instancesWithV1Calls7d: row?.instancesWithV1Calls7d ?? 0,
    instancesWithRejected7d: row?.instancesWithRejected7d ?? 0,
    regions: row?.regions ?? 0,
  };
}

export async function listKnownAccounts(db: Db): Promise<{ id: string; name: string | null }[]> {
  return db.account.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
}

export async function findLastSuccessfulRunAt(db: Db): Promise<Date | null> {
  const run = await db.collectionRun.findFirst({
    where: { status: { in: ["succeeded", "partial"] } },
    orderBy: { id: "desc" },
    select: { finishedAt: true },
  });
  return run?.finishedAt ?? null;
}
