import type { LaunchTemplateVersionRecord } from "@/lib/domain/imds";
import type { Queryable } from "@/lib/db/conn/types";

/** Saves the versions of one template; $Default and $Latest flags move to the versions seen now. */
export async function saveTemplateVersions(
  db: Queryable,
  input: {
    accountId: string;
    region: string;
    launchTemplateId: string;
    versions: LaunchTemplateVersionRecord[];
    latestVersion: number | null;
    seenAt: Date;
  },
): Promise<void> {
  const { versions } = input;
  if (versions.length === 0) return;
  await db.query(
    `UPDATE launch_template_version SET is_default = false, is_latest = false
     WHERE account_id = $1 AND region = $2 AND launch_template_id = $3`,
    [input.accountId, input.region, input.launchTemplateId],
  );
  await db.query(
    `INSERT INTO launch_template_version (account_id, region, launch_template_id, version_number,
        launch_template_name, is_default, is_latest, image_id, http_tokens, http_put_response_hop_limit,
        http_endpoint, instance_metadata_tags, last_seen_at)
     SELECT $1, $2, $3, version_number, name, is_default, version_number = $13, image_id, http_tokens, hop,
       http_endpoint, tags, $12
     FROM unnest($4::int[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[])
       AS t(version_number, name, is_default, image_id, http_tokens, hop, http_endpoint, tags)
     ON CONFLICT (account_id, region, launch_template_id, version_number) DO UPDATE SET
       launch_template_name = EXCLUDED.launch_template_name, is_default = EXCLUDED.is_default,
       is_latest = EXCLUDED.is_latest, image_id = EXCLUDED.image_id, http_tokens = EXCLUDED.http_tokens,
       http_put_response_hop_limit = EXCLUDED.http_put_response_hop_limit, http_endpoint = EXCLUDED.http_endpoint,
       instance_metadata_tags = EXCLUDED.instance_metadata_tags, last_seen_at = EXCLUDED.last_seen_at`,
    [
      input.accountId,
      input.region,
      input.launchTemplateId,
      versions.map((v) => v.versionNumber),
      versions.map((v) => v.launchTemplateName),
      versions.map((v) => v.isDefault),
      versions.map((v) => v.imageId),
      versions.map((v) => v.httpTokens),
      versions.map((v) => v.httpPutResponseHopLimit),
      versions.map((v) => v.httpEndpoint),
      versions.map((v) => v.instanceMetadataTags),
      input.seenAt,
      input.latestVersion,
    ],
  );
}
