import type { InstanceMetadataOptions } from "@/lib/domain/imds";
import { evaluateReadiness } from "@/lib/domain/readiness";
import { coverageFromJson, readinessInputOf } from "./readiness";
import type { Queryable } from "@/lib/db/conn/types";

// What instance enforcement (lib/changes) reads and writes: the instances a change names, and the
// metadata options AWS reported back, stored as the collector would store them.

export interface InstanceForChange {
  id: string;
  name: string | null;
  accountId: string;
  region: string;
  state: string;
  terminated: boolean;
  httpTokens: string;
  httpPutResponseHopLimit: number | null;
  metadataState: string | null;
  /** As the last collection judged it (null: not judged yet). */
  readiness: string | null;
  /** Why, judged now from the stored facts (lib/domain/readiness). */
  readinessReason: string;
}

interface Row {
  id: string;
  name: string | null;
  account_id: string;
  region: string;
  state: string;
  terminated_at: Date | null;
  http_tokens: string;
  http_put_response_hop_limit: number | null;
  http_endpoint: string | null;
  metadata_state: string | null;
  readiness: string | null;
  last_v1_call_at: Date | null;
  last_rejected_at: Date | null;
  metrics_known_through: Date | null;
  coverage: [string, string][] | null;
}

/** The stored instances among `ids`, by id (unknown ids are simply absent). */
export async function findInstancesForChange(
  db: Queryable,
  ids: readonly string[],
  judge: { now: number; windowDays: number },
): Promise<Map<string, InstanceForChange>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<Row>(
    `SELECT i.id, i.name, i.account_id, i.region, i.state, i.terminated_at, i.http_tokens,
       i.http_put_response_hop_limit, i.http_endpoint, i.metadata_state, i.readiness, i.last_v1_call_at,
       i.last_rejected_at, i.metrics_known_through,
       (SELECT json_agg(json_build_array(c.from_day::text, c.to_day::text) ORDER BY c.from_day)
         FROM metric_coverage c WHERE c.instance_id = i.id) AS coverage
     FROM instance i WHERE i.id = ANY($1::text[])`,
    [[...ids]],
  );
  return new Map(
    result.rows.map((row) => {
      const verdict = evaluateReadiness(readinessInputOf(row, coverageFromJson(row.coverage)), judge);
      return [
        row.id,
        {
          id: row.id,
          name: row.name,
          accountId: row.account_id,
          region: row.region,
          state: row.state,
          terminated: row.terminated_at !== null,
          httpTokens: row.http_tokens,
          httpPutResponseHopLimit: row.http_put_response_hop_limit,
          metadataState: row.metadata_state,
          readiness: row.readiness ?? verdict.readiness,
          readinessReason: verdict.reason,
        },
      ];
    }),
  );
}

/**
 * Stores metadata options AWS reported (a Modify reply, or a live describe that differs from what
 * was stored) and, like a collection, a settings-change row where HttpTokens, the hop limit or the
 * endpoint moved. Returns how many instance rows changed. The caller refreshes readiness and the
 * summary of the account-region afterwards.
 */
export async function saveInstanceMetadataOptions(
  db: Queryable,
  input: { options: readonly InstanceMetadataOptions[]; observedAt: Date },
): Promise<number> {
  if (input.options.length === 0) return 0;
  const column = <T>(pick: (options: InstanceMetadataOptions) => T) => input.options.map(pick);
  const result = await db.query<{ count: number }>(
    `WITH incoming AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS t(id, http_tokens, http_put_response_hop_limit, http_endpoint, http_protocol_ipv6, instance_metadata_tags,
            metadata_state)
     ),
     previous AS (
       SELECT i.id, i.http_tokens, i.http_put_response_hop_limit, i.http_endpoint, i.metadata_state
       FROM instance i JOIN incoming n ON n.id = i.id
     ),
     updated AS (
       UPDATE instance i SET http_tokens = n.http_tokens,
         http_put_response_hop_limit = n.http_put_response_hop_limit,
         http_endpoint = COALESCE(n.http_endpoint, i.http_endpoint),
         http_protocol_ipv6 = COALESCE(n.http_protocol_ipv6, i.http_protocol_ipv6),
         instance_metadata_tags = COALESCE(n.instance_metadata_tags, i.instance_metadata_tags),
         metadata_state = n.metadata_state
       FROM incoming n JOIN previous p ON p.id = n.id
       WHERE i.id = n.id AND (p.http_tokens IS DISTINCT FROM n.http_tokens
         OR p.http_put_response_hop_limit IS DISTINCT FROM n.http_put_response_hop_limit
         OR p.metadata_state IS DISTINCT FROM n.metadata_state
         OR (n.http_endpoint IS NOT NULL AND p.http_endpoint IS DISTINCT FROM n.http_endpoint))
       RETURNING i.id
     ),
     changes AS (
       INSERT INTO instance_settings_change (instance_id, observed_at, run_id, previous_http_tokens, http_tokens,
         http_put_response_hop_limit, http_endpoint)
       SELECT n.id, $8, NULL, p.http_tokens, n.http_tokens, n.http_put_response_hop_limit,
         COALESCE(n.http_endpoint, p.http_endpoint)
       FROM incoming n JOIN previous p ON p.id = n.id
       WHERE p.http_tokens IS DISTINCT FROM n.http_tokens
          OR p.http_put_response_hop_limit IS DISTINCT FROM n.http_put_response_hop_limit
          OR (n.http_endpoint IS NOT NULL AND p.http_endpoint IS DISTINCT FROM n.http_endpoint)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM updated)::int AS count, (SELECT count(*) FROM changes)::int AS changes`,
    [
      column((o) => o.instanceId),
      column((o) => o.httpTokens),
      column((o) => o.httpPutResponseHopLimit),
      column((o) => o.httpEndpoint),
      column((o) => o.httpProtocolIpv6),
      column((o) => o.instanceMetadataTags),
      column((o) => o.state),
      input.observedAt,
    ],
  );
  return Number(result.rows[0]?.count ?? 0);
}
