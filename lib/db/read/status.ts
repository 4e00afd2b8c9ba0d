import { DAY_MS, floorDay } from "@/lib/domain/time";
import type { Db } from "@/lib/db/conn/types";

export interface StatusTotals {
  instances: number;
  running: number;
  stopped: number;
  httpTokensRequired: number;
  httpTokensOptional: number;
  /** Instances (not calls) with IMDSv1 calls in the last callsWindowDays days, as the overview counts them. */
  instancesWithV1Calls: number;
  instancesWithRejected: number;
  /** The readiness window (READINESS_WINDOW_DAYS). */
  callsWindowDays: number;
  regions: number;
}

/** Headline figures for the home page, from instance_summary (never a pass over instance). */
export async function getStatusTotals(db: Db, now: number, windowDays: number): Promise<StatusTotals> {
  const since = new Date(floorDay(now) - windowDays * DAY_MS);
  const [row] = await db.$queryRawUnsafe<Record<Exclude<keyof StatusTotals, "callsWindowDays">, number>[]>(
    `SELECT
       COALESCE(SUM(instances), 0)::int AS instances,
       COALESCE(SUM(instances) FILTER (WHERE state = 'running'), 0)::int AS running,
       COALESCE(SUM(instances) FILTER (WHERE state = 'stopped'), 0)::int AS stopped,
       COALESCE(SUM(instances) FILTER (WHERE http_tokens = 'required'), 0)::int AS "httpTokensRequired",
       COALESCE(SUM(instances) FILTER (WHERE http_tokens = 'optional'), 0)::int AS "httpTokensOptional",
       COALESCE(SUM(instances) FILTER (WHERE last_v1_day >= $1::date), 0)::int AS "instancesWithV1Calls",
       COALESCE(SUM(instances) FILTER (WHERE last_rejected_day >= $1::date), 0)::int AS "instancesWithRejected",
       (SELECT COUNT(*)::int FROM region WHERE last_collected_at IS NOT NULL) AS regions
     FROM instance_summary WHERE NOT terminated`,
    since,
  );
  return {
    instances: row?.instances ?? 0,
    running: row?.running ?? 0,
    stopped: row?.stopped ?? 0,
    httpTokensRequired: row?.httpTokensRequired ?? 0,
    httpTokensOptional: row?.httpTokensOptional ?? 0,
    instancesWithV1Calls: row?.instancesWithV1Calls ?? 0,
    instancesWithRejected: row?.instancesWithRejected ?? 0,
    callsWindowDays: windowDays,
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
