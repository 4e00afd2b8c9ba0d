import type { MetadataDefaults } from "@/lib/domain/imds";
import type { Queryable } from "@/lib/db/conn/types";

export async function saveRegion(
  db: Queryable,
  region: { accountId: string; name: string; optInStatus: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO region (account_id, name, opt_in_status) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, name) DO UPDATE SET opt_in_status = COALESCE(EXCLUDED.opt_in_status, region.opt_in_status)`,
    [region.accountId, region.name, region.optInStatus],
  );
}

export async function saveRegionDefaults(
  db: Queryable,
  accountId: string,
  region: string,
  defaults: MetadataDefaults,
  collectedAt: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO region (account_id, name, http_tokens, http_put_response_hop_limit, http_endpoint,
        instance_metadata_tags, http_tokens_enforced, managed_by, managed_exception_message, defaults_collected_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (account_id, name) DO UPDATE SET
       http_tokens = EXCLUDED.http_tokens, http_put_response_hop_limit = EXCLUDED.http_put_response_hop_limit,
       http_endpoint = EXCLUDED.http_endpoint, instance_metadata_tags = EXCLUDED.instance_metadata_tags,
       http_tokens_enforced = EXCLUDED.http_tokens_enforced, managed_by = EXCLUDED.managed_by,
       managed_exception_message = EXCLUDED.managed_exception_message,
       defaults_collected_at = EXCLUDED.defaults_collected_at`,
    [
      accountId,
      region,
      defaults.httpTokens,
      defaults.httpPutResponseHopLimit,
      defaults.httpEndpoint,
      defaults.instanceMetadataTags,
      defaults.httpTokensEnforced,
      defaults.managedBy,
      defaults.managedExceptionMessage,
      collectedAt,
    ],
  );
}

export async function markRegionCollected(db: Queryable, accountId: string, region: string, at: Date): Promise<void> {
  await db.query(`UPDATE region SET last_collected_at = $3 WHERE account_id = $1 AND name = $2`, [
    accountId,
    region,
    at,
  ]);
}

/** Every region name the collector has seen in any account: what region filters may name. */
export async function listRegionNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(`SELECT DISTINCT name FROM region ORDER BY name`);
  return rows.map((row) => row.name);
}
