import type { InstanceRecord } from "@/lib/domain/imds";
import type { Queryable } from "@/lib/db/conn/types";

const BATCH = 1000;

/**
 * Rewrites instance_search for these instances where their text changed: the id and the tag values
 * (Name included), lower-cased, one per line. EC2 tag values cannot hold line breaks and searches
 * are one line, so no match spans two values.
 */
export async function saveInstanceSearch(db: Queryable, instanceIds: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO instance_search (instance_id, text)
     SELECT i.id, lower(i.id || E'\\n' || (SELECT COALESCE(string_agg(t.value, E'\\n' ORDER BY t.key COLLATE "C"), '')
       FROM jsonb_each_text(i.tags) AS t))
     FROM instance i WHERE i.id = ANY($1::text[])
     ON CONFLICT (instance_id) DO UPDATE SET text = EXCLUDED.text
     WHERE instance_search.text IS DISTINCT FROM EXCLUDED.text`,
    [instanceIds],
  );
}

/**
 * Upserts one region's instances and, in the same statement, records a settings-change row for
 * every instance whose metadata options differ from what was stored (or that is new). Both CTE
 * branches read the same snapshot, so "previous" is the state before this upsert.
 */
export async function saveInstances(
  db: Queryable,
  input: { accountId: string; region: string; records: InstanceRecord[]; seenAt: Date; runId: number | null },
): Promise<{ settingsChanges: number }> {
  let settingsChanges = 0;
  for (let start = 0; start < input.records.length; start += BATCH) {
    const batch = input.records.slice(start, start + BATCH);
    const column = <T>(pick: (record: InstanceRecord) => T) => batch.map(pick);
    const changed = await db.query<{ count: number }>(
      `WITH incoming AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp(3)[],
           $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[], $13::text[], $14::int[],
           $15::text[], $16::text[], $17::text[], $18::text[])
         AS t(id, availability_zone, instance_type, image_id, state, launch_time, name, team, environment, tags,
              launch_template_id, launch_template_version, http_tokens, http_put_response_hop_limit,
              http_endpoint, http_protocol_ipv6, instance_metadata_tags, metadata_state)
       ),
       previous AS (
         SELECT i.id, i.http_tokens, i.http_put_response_hop_limit, i.http_endpoint
         FROM instance i JOIN incoming n ON n.id = i.id
       ),
       upserted AS (
         INSERT INTO instance (id, account_id, region, availability_zone, instance_type, image_id, state, launch_time,
           name, team, environment, tags, launch_template_id, launch_template_version, http_tokens,
           http_put_response_hop_limit, http_endpoint, http_protocol_ipv6, instance_metadata_tags, metadata_state,
           first_seen_at, last_seen_at, terminated_at)
         SELECT id, $19, $20, availability_zone, instance_type, image_id, state, launch_time, name, team, environment,
           tags, launch_template_id, launch_template_version, http_tokens, http_put_response_hop_limit, http_endpoint,
           http_protocol_ipv6, instance_metadata_tags, metadata_state, $21, $21,
           CASE WHEN state = 'terminated' THEN $21::timestamp(3) END
         FROM incoming
         ON CONFLICT (id) DO UPDATE SET
           account_id = EXCLUDED.account_id, region = EXCLUDED.region,
           availability_zone = EXCLUDED.availability_zone, instance_type = EXCLUDED.instance_type,
           image_id = EXCLUDED.image_id, state = EXCLUDED.state, launch_time = EXCLUDED.launch_time,
           name = EXCLUDED.name, team = EXCLUDED.team, environment = EXCLUDED.environment, tags = EXCLUDED.tags,
           launch_template_id = EXCLUDED.launch_template_id,
           launch_template_version = EXCLUDED.launch_template_version, http_tokens = EXCLUDED.http_tokens,
           http_put_response_hop_limit = EXCLUDED.http_put_response_hop_limit,
           http_endpoint = EXCLUDED.http_endpoint, http_protocol_ipv6 = EXCLUDED.http_protocol_ipv6,
           instance_metadata_tags = EXCLUDED.instance_metadata_tags, metadata_state = EXCLUDED.metadata_state,
           last_seen_at = EXCLUDED.last_seen_at,
           terminated_at = CASE WHEN EXCLUDED.state = 'terminated'
             THEN COALESCE(instance.terminated_at, EXCLUDED.last_seen_at) END
         RETURNING id
       ),
       changes AS (
         INSERT INTO instance_settings_change (instance_id, observed_at, run_id, previous_http_tokens, http_tokens,
           http_put_response_hop_limit, http_endpoint)
         SELECT n.id, $21, $22, p.http_tokens, n.http_tokens, n.http_put_response_hop_limit, n.http_endpoint
         FROM incoming n LEFT JOIN previous p ON p.id = n.id
         WHERE p.id IS NULL
            OR p.http_tokens IS DISTINCT FROM n.http_tokens
            OR p.http_put_response_hop_limit IS DISTINCT FROM n.http_put_response_hop_limit
            OR p.http_endpoint IS DISTINCT FROM n.http_endpoint
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM changes)::int AS count, (SELECT count(*) FROM upserted)::int AS upserted`,
      [
        column((r) => r.instanceId),
        column((r) => r.availabilityZone),
        column((r) => r.instanceType),
        column((r) => r.imageId),
        column((r) => r.state),
        column((r) => r.launchTime?.toISOString() ?? null),
        column((r) => r.name),
        column((r) => r.team),
        column((r) => r.environment),
        column((r) => JSON.stringify(r.tags)),
        column((r) => r.launchTemplateId),
        column((r) => r.launchTemplateVersion),
        column((r) => r.httpTokens),
        column((r) => r.httpPutResponseHopLimit),
        column((r) => r.httpEndpoint),
        column((r) => r.httpProtocolIpv6),
        column((r) => r.instanceMetadataTags),
        column((r) => r.metadataState),
        input.accountId,
        input.region,
        input.seenAt,
        input.runId,
      ],
    );
    settingsChanges += Number(changed.rows[0]?.count ?? 0);
    await saveInstanceSearch(
      db,
      batch.map((record) => record.instanceId),
    );
  }
  return { settingsChanges };
}

/**
 * After a complete DescribeInstances of a region, instances it no longer returns are gone
 * (EC2 lists terminated instances for about an hour only).
 */
export async function markUnseenTerminated(
  db: Queryable,
  input: { accountId: string; region: string; seenAt: Date },
): Promise<number> {
  const result = await db.query(
    `UPDATE instance SET state = 'terminated', terminated_at = $3
     WHERE account_id = $1 AND region = $2 AND last_seen_at < $3 AND terminated_at IS NULL`,
    [input.accountId, input.region, input.seenAt],
  );
  return result.rowCount;
}

export interface MetricCursor {
  id: string;
  metricsKnownThrough: Date | null;
}

/** Live instances of a region with how far their metrics are already known. */
export async function listMetricCursors(db: Queryable, accountId: string, region: string): Promise<MetricCursor[]> {
  const rows = await db.query<{ id: string; metrics_known_through: Date | null }>(
    `SELECT id, metrics_known_through FROM instance
     WHERE account_id = $1 AND region = $2 AND terminated_at IS NULL ORDER BY id`,
    [accountId, region],
  );
  return rows.rows.map((row) => ({ id: row.id, metricsKnownThrough: row.metrics_known_through }));
}

export interface InstanceCell {
  instanceId: string;
  accountId: string;
  region: string;
  name: string | null;
  team: string | null;
}

/** The account-region of a collected instance, or null. */
export async function findInstanceCell(db: Queryable, instanceId: string): Promise<InstanceCell | null> {
  const { rows } = await db.query<InstanceCell>(
    `SELECT id AS "instanceId", account_id AS "accountId", region, name, team FROM instance WHERE id = $1`,
    [instanceId],
  );
  return rows[0] ?? null;
}
