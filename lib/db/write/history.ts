import type { Queryable } from "@/lib/db/conn/types";
import { ALL_TEAMS } from "./rollups";

const BATCH = 1000;
const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/** How far CloudTrail history has been read for the account-region (null: never). */
export async function findHistoryKnownThrough(db: Queryable, accountId: string, region: string): Promise<Date | null> {
  const result = await db.query<{ history_known_through: Date | null }>(
    `SELECT history_known_through FROM region WHERE account_id = $1 AND name = $2`,
    [accountId, region],
  );
  return result.rows[0]?.history_known_through ?? null;
}

export async function setHistoryKnownThrough(
  db: Queryable,
  accountId: string,
  region: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO region (account_id, name, history_known_through) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, name) DO UPDATE SET history_known_through = EXCLUDED.history_known_through`,
    [accountId, region, at],
  );
}

export interface HistoryInstance {
  id: string;
  launchTime: Date | null;
  terminatedAt: Date | null;
  httpTokens: string;
  lastSeenAt: Date;
  team: string | null;
}

/** Every instance of the account-region the collector has seen, terminated ones included. */
export async function listHistoryInstances(
  db: Queryable,
  accountId: string,
  region: string,
): Promise<HistoryInstance[]> {
  const result = await db.query<{
    id: string;
    launch_time: Date | null;
    terminated_at: Date | null;
    http_tokens: string;
    last_seen_at: Date;
    team: string | null;
  }>(
    `SELECT id, launch_time, terminated_at, http_tokens, last_seen_at, team FROM instance
     WHERE account_id = $1 AND region = $2 ORDER BY id`,
    [accountId, region],
  );
  return result.rows.map((r) => ({
    id: r.id,
    launchTime: r.launch_time,
    terminatedAt: r.terminated_at,
    httpTokens: r.http_tokens,
    lastSeenAt: r.last_seen_at,
    team: r.team,
  }));
}

export interface StoredSettingsChange {
  instanceId: string;
  observedAt: Date;
  source: string;
  eventId: string | null;
  previousHttpTokens: string | null;
  httpTokens: string;
}

/** The stored settings changes (observed and CloudTrail) of the account-region's instances, oldest first. */
export async function listSettingsChanges(
  db: Queryable,
  accountId: string,
  region: string,
): Promise<StoredSettingsChange[]> {
  const result = await db.query<{
    instance_id: string;
    observed_at: Date;
    source: string;
    event_id: string | null;
    previous_http_tokens: string | null;
    http_tokens: string;
  }>(
    `SELECT c.instance_id, c.observed_at, c.source, c.event_id, c.previous_http_tokens, c.http_tokens
     FROM instance_settings_change c JOIN instance i ON i.id = c.instance_id
     WHERE i.account_id = $1 AND i.region = $2
     ORDER BY c.instance_id, c.observed_at, c.id`,
    [accountId, region],
  );
  return result.rows.map((r) => ({
    instanceId: r.instance_id,
    observedAt: r.observed_at,
    source: r.source,
    eventId: r.event_id,
    previousHttpTokens: r.previous_http_tokens,
    httpTokens: r.http_tokens,
  }));
}

export interface CloudTrailChange {
  eventId: string;
  instanceId: string;
  observedAt: Date;
  previousHttpTokens: string | null;
  httpTokens: string;
}

/**
 * Inserts CloudTrail-sourced settings changes; an event id already stored is skipped, so reading
 * the same history twice adds nothing. Rows for instances not in the instance table are dropped.
 * Returns how many rows were added.
 */
export async function saveCloudTrailChanges(db: Queryable, changes: readonly CloudTrailChange[]): Promise<number> {
  let added = 0;
  for (let start = 0; start < changes.length; start += BATCH) {
    const batch = changes.slice(start, start + BATCH);
    const result = await db.query(
      `INSERT INTO instance_settings_change (instance_id, observed_at, previous_http_tokens, http_tokens, source, event_id)
       SELECT t.instance_id, t.observed_at, t.previous_http_tokens, t.http_tokens, 'cloudtrail', t.event_id
       FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::text[], $5::text[])
         AS t(event_id, instance_id, observed_at, previous_http_tokens, http_tokens)
       WHERE EXISTS (SELECT 1 FROM instance i WHERE i.id = t.instance_id)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        batch.map((c) => c.eventId),
        batch.map((c) => c.instanceId),
        batch.map((c) => c.observedAt.toISOString()),
        batch.map((c) => c.previousHttpTokens),
        batch.map((c) => c.httpTokens),
      ],
    );
    added += result.rowCount;
  }
  return added;
}

/** The first day a collection recorded settings counts for the account-region (null: none yet). */
export async function findFirstObservedDay(db: Queryable, accountId: string, region: string): Promise<Date | null> {
  const result = await db.query<{ day: string | null }>(
    `SELECT to_char(MIN(day), 'YYYY-MM-DD') AS day FROM daily_rollup
     WHERE account_id = $1 AND region = $2 AND team = '${ALL_TEAMS}' AND settings_source = 'observed'`,
    [accountId, region],
  );
  const day = result.rows[0]?.day;
  return day ? new Date(`${day}T00:00:00.000Z`) : null;
}

export interface ReconstructedDay {
  /** UTC midnight */
  day: Date;
  /** daily_rollup.team: ALL_TEAMS for the account-region's total. */
  team: string;
  instances: number;
  httpTokensRequired: number;
  httpTokensOptional: number;
}

/**
 * Writes reconstructed settings counts; a day that already has observed counts is left as it is.
 * Returns how many days were written (counting the account-region totals, not each team's row).
 */
export async function saveReconstructedDays(
  db: Queryable,
  input: { accountId: string; region: string; days: readonly ReconstructedDay[] },
): Promise<number> {
  if (input.days.length === 0) return 0;
  const result = await db.query<{ team: string }>(
    `INSERT INTO daily_rollup (account_id, region, team, day, instances, http_tokens_required,
       http_tokens_optional, settings_source)
     SELECT $1, $2, t.team, t.day, t.instances, t.required, t.optional, 'reconstructed'
     FROM unnest($3::date[], $4::int[], $5::int[], $6::int[], $7::text[]) AS t(day, instances, required, optional, team)
     ON CONFLICT (account_id, region, team, day) DO UPDATE SET
       instances = EXCLUDED.instances, http_tokens_required = EXCLUDED.http_tokens_required,
       http_tokens_optional = EXCLUDED.http_tokens_optional, settings_source = EXCLUDED.settings_source
     WHERE daily_rollup.settings_source IS DISTINCT FROM 'observed'
     RETURNING team`,
    [
      input.accountId,
      input.region,
      input.days.map((d) => isoDay(d.day)),
      input.days.map((d) => d.instances),
      input.days.map((d) => d.httpTokensRequired),
      input.days.map((d) => d.httpTokensOptional),
      input.days.map((d) => d.team),
    ],
  );
  return result.rows.filter((row) => row.team === ALL_TEAMS).length;
}
