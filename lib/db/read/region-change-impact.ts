import { DAY_MS } from "@/lib/domain/time";
import type { Queryable } from "@/lib/db/conn/types";
import type { MetadataDefaults } from "@/lib/domain/imds";

// What collected data says about changing a region's IMDS defaults. Defaults apply only to new
// launches, so the impact is about launches (recent ones, and templates that will keep launching
// v1-capable instances) plus the running v1 callers a change of default does not touch.

export interface CellKey {
  accountId: string;
  region: string;
}

export interface StoredRegionDefaults extends CellKey, MetadataDefaults {
  defaultsCollectedAt: Date | null;
}

export interface OptionalTemplateVersion {
  launchTemplateId: string;
  launchTemplateName: string | null;
  versionNumber: number;
  isDefault: boolean;
  isLatest: boolean;
}

export interface CellImpact extends CellKey {
  /** Instances (terminated ones included) with launch_time in the window. */
  launchedInWindow: number;
  /**
   * Of those, the ones whose launch template version (from their aws:ec2launchtemplate tags) does
   * not set http_tokens, or that came from no template: their HttpTokens came from the launch call,
   * the regional default or the AMI. Launch parameters are not collected, so this is an upper bound
   * on the launches a default would have decided.
   */
  launchedWithoutTemplateTokens: number;
  /** Of those, how many are optional (v1-capable) now. */
  launchedWithoutTemplateTokensOptional: number;
  /** $Default / $Latest versions that set http_tokens=optional: they override any regional default. */
  optionalTemplates: OptionalTemplateVersion[];
  /** Running instances whose last IMDSv1 call (MetadataNoToken) falls in the last 7 days. */
  runningV1Callers: number;
}

const CELLS = `(account_id, region) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

const cellParams = (cells: readonly CellKey[]) => [cells.map((c) => c.accountId), cells.map((c) => c.region)];
const keyOf = (cell: CellKey) => `${cell.accountId}/${cell.region}`;

/** The stored defaults of the given cells (those known to the dashboard), keyed "account/region". */
export async function findRegionDefaults(
  db: Queryable,
  cells: readonly CellKey[],
): Promise<Map<string, StoredRegionDefaults>> {
  const { rows } = await db.query<StoredRegionDefaults>(
    `SELECT account_id AS "accountId", name AS region, http_tokens AS "httpTokens",
       http_put_response_hop_limit AS "httpPutResponseHopLimit", http_endpoint AS "httpEndpoint",
       instance_metadata_tags AS "instanceMetadataTags", http_tokens_enforced AS "httpTokensEnforced",
       managed_by AS "managedBy", managed_exception_message AS "managedExceptionMessage",
       defaults_collected_at AS "defaultsCollectedAt"
     FROM region WHERE (account_id, name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    cellParams(cells),
  );
  return new Map(rows.map((row) => [keyOf(row), row]));
}

export const LAUNCH_WINDOW_DAYS = 30;
export const V1_WINDOW_DAYS = 7;

export async function getCellImpacts(db: Queryable, cells: readonly CellKey[], now: number): Promise<CellImpact[]> {
  const launchedSince = new Date(now - LAUNCH_WINDOW_DAYS * DAY_MS);
  const v1Since = new Date(now - V1_WINDOW_DAYS * DAY_MS);
  const params = cellParams(cells);
  const [launched, templates, callers] = await Promise.all([
    db.query<{ accountId: string; region: string; launched: number; untemplated: number; untemplatedOptional: number }>(
      `SELECT i.account_id AS "accountId", i.region, COUNT(*)::int AS launched,
         COUNT(*) FILTER (WHERE t.http_tokens IS NULL)::int AS untemplated,
         COUNT(*) FILTER (WHERE t.http_tokens IS NULL AND i.http_tokens = 'optional')::int AS "untemplatedOptional"
       FROM instance i
       LEFT JOIN launch_template_version t ON t.account_id = i.account_id AND t.region = i.region
         AND t.launch_template_id = i.launch_template_id
         AND i.launch_template_version ~ '^[0-9]{1,9}$' AND t.version_number = i.launch_template_version::int
       WHERE (i.account_id, i.region) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND i.launch_time >= $3
       GROUP BY 1, 2`,
      [...params, launchedSince],
    ),
    db.query<OptionalTemplateVersion & CellKey>(
      `SELECT account_id AS "accountId", region, launch_template_id AS "launchTemplateId",
         launch_template_name AS "launchTemplateName", version_number AS "versionNumber",
         is_default AS "isDefault", is_latest AS "isLatest"
       FROM launch_template_version
       WHERE ${CELLS} AND (is_default OR is_latest) AND http_tokens = 'optional'
       ORDER BY account_id, region, launch_template_id, version_number`,
      params,
    ),
    db.query<{ accountId: string; region: string; callers: number }>(
      `SELECT account_id AS "accountId", region, COUNT(*)::int AS callers
       FROM instance
       WHERE ${CELLS} AND state = 'running' AND terminated_at IS NULL AND last_v1_call_at >= $3
       GROUP BY 1, 2`,
      [...params, v1Since],
    ),
  ]);
  const launchedBy = new Map(launched.rows.map((row) => [keyOf(row), row]));
  const callersBy = new Map(callers.rows.map((row) => [keyOf(row), row.callers]));
  return cells.map((cell) => {
    const recent = launchedBy.get(keyOf(cell));
    return {
      accountId: cell.accountId,
      region: cell.region,
      launchedInWindow: recent?.launched ?? 0,
      launchedWithoutTemplateTokens: recent?.untemplated ?? 0,
      launchedWithoutTemplateTokensOptional: recent?.untemplatedOptional ?? 0,
      optionalTemplates: templates.rows
        .filter((row) => row.accountId === cell.accountId && row.region === cell.region)
        .map(({ accountId: _a, region: _r, ...version }) => version),
      runningV1Callers: callersBy.get(keyOf(cell)) ?? 0,
    };
  });
}
