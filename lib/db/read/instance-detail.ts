import type { DayRange } from "@/lib/domain/day-ranges";
import { explainHttpTokens, type PrecedenceExplanation, type PrecedenceFacts } from "@/lib/domain/precedence";
import { evaluateReadiness, type ReadinessVerdict } from "@/lib/domain/readiness";
import { DAY_MS, epochDay, floorDay, floorHour, HOUR_MS } from "@/lib/domain/time";
import { AppError } from "@/lib/core/app-error";
import { readinessInputOf } from "@/lib/db/write/readiness";
import type { Queryable } from "@/lib/db/conn/types";

// One instance with everything its page explains: settings and their history, the metrics by day
// and by hour (no data kept apart from zero), the readiness verdict and the HttpTokens precedence.

export const DETAIL_DAYS = 90;
export const DETAIL_HOURS = 48;

export interface MetricSample {
  /** Start of the day or hour, ISO. */
  at: string;
  /** null = CloudWatch had no data for the instance then (stopped, not launched, not read yet). */
  v1Calls: number | null;
  rejectedCalls: number | null;
}

export interface SettingsChangeRow {
  id: string;
  at: string;
  source: "observed" | "cloudtrail";
  runId: number | null;
  previousHttpTokens: string | null;
  httpTokens: string;
  httpPutResponseHopLimit: number | null;
  httpEndpoint: string | null;
}

export interface InstanceDetail {
  instance: {
    id: string;
    name: string | null;
    accountId: string;
    accountName: string | null;
    region: string;
    availabilityZone: string | null;
    instanceType: string | null;
    state: string;
    team: string | null;
    environment: string | null;
    tags: Record<string, string>;
    launchTime: string | null;
    imageId: string | null;
    launchTemplateId: string | null;
    launchTemplateVersion: string | null;
    httpTokens: string;
    httpPutResponseHopLimit: number | null;
    httpEndpoint: string | null;
    httpProtocolIpv6: string | null;
    instanceMetadataTags: string | null;
    metadataState: string | null;
    firstSeenAt: string;
    lastSeenAt: string;
    metricsKnownFrom: string | null;
    metricsKnownThrough: string | null;
    hourlyKnownThrough: string | null;
    lastV1CallAt: string | null;
    lastRejectedAt: string | null;
  };
  readiness: { stored: string | null; now: ReadinessVerdict; windowDays: number };
  precedence: PrecedenceExplanation;
  template: {
    id: string;
    name: string | null;
    versionNumber: number;
    httpTokens: string | null;
    isDefault: boolean;
    isLatest: boolean;
  } | null;
  regionDefault: {
    httpTokens: string | null;
    httpPutResponseHopLimit: number | null;
    httpEndpoint: string | null;
    httpTokensEnforced: string | null;
    managedBy: string | null;
    managedExceptionMessage: string | null;
    collectedAt: string | null;
  } | null;
  image: { imageId: string; name: string | null; imdsSupport: string | null } | null;
  /** Newest first. */
  history: SettingsChangeRow[];
  /** The last DETAIL_DAYS complete UTC days, oldest first. */
  daily: MetricSample[];
  /** The last DETAIL_HOURS complete hours, oldest first. */
  hourly: MetricSample[];
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

interface InstanceRow {
  id: string;
  name: string | null;
  account_id: string;
  account_name: string | null;
  region: string;
  availability_zone: string | null;
  instance_type: string | null;
  state: string;
  team: string | null;
  environment: string | null;
  tags: Record<string, string> | string | null;
  launch_time: Date | null;
  image_id: string | null;
  launch_template_id: string | null;
  launch_template_version: string | null;
  http_tokens: string;
  http_put_response_hop_limit: number | null;
  http_endpoint: string | null;
  http_protocol_ipv6: string | null;
  instance_metadata_tags: string | null;
  metadata_state: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  metrics_known_from: Date | null;
  metrics_known_through: Date | null;
  hourly_known_through: Date | null;
  last_v1_call_at: Date | null;
  last_rejected_at: Date | null;
  readiness: string | null;
}

/** Throws NotFound for an id the collector has never seen. */
export async function getInstanceDetail(
  db: Queryable,
  id: string,
  options: { now: number; windowDays: number },
): Promise<InstanceDetail> {
  const found = await db.query<InstanceRow>(
    `SELECT i.*, a.name AS account_name FROM instance i JOIN account a ON a.id = i.account_id WHERE i.id = $1`,
    [id],
  );
  const row = found.rows[0];
  if (!row) throw new AppError("NotFound", `Instance ${id} has not been collected (no such instance)`);

  const today = floorDay(options.now);
  const thisHour = floorHour(options.now);
  const dailyFrom = today - DETAIL_DAYS * DAY_MS;
  const hourlyFrom = thisHour - DETAIL_HOURS * HOUR_MS;
  const templateVersion =
    row.launch_template_version && /^[0-9]{1,9}$/.test(row.launch_template_version)
      ? Number(row.launch_template_version)
      : null;

  const [template, region, image, history, points, coverage] = await Promise.all([
    row.launch_template_id && templateVersion !== null
      ? db.query<{
          launch_template_name: string | null;
          version_number: number;
          http_tokens: string | null;
          is_default: boolean;
          is_latest: boolean;
        }>(
          `SELECT launch_template_name, version_number, http_tokens, is_default, is_latest
           FROM launch_template_version
           WHERE account_id = $1 AND region = $2 AND launch_template_id = $3 AND version_number = $4`,
          [row.account_id, row.region, row.launch_template_id, templateVersion],
        )
      : null,
    db.query<{
      http_tokens: string | null;
      http_put_response_hop_limit: number | null;
      http_endpoint: string | null;
      http_tokens_enforced: string | null;
      managed_by: string | null;
      managed_exception_message: string | null;
      defaults_collected_at: Date | null;
    }>(
      `SELECT http_tokens, http_put_response_hop_limit, http_endpoint, http_tokens_enforced, managed_by,
         managed_exception_message, defaults_collected_at
       FROM region WHERE account_id = $1 AND name = $2`,
      [row.account_id, row.region],
    ),
    row.image_id
      ? db.query<{ image_id: string; name: string | null; imds_support: string | null }>(
          `SELECT image_id, name, imds_support FROM image WHERE account_id = $1 AND region = $2 AND image_id = $3`,
          [row.account_id, row.region, row.image_id],
        )
      : null,
    db.query<{
      id: bigint;
      observed_at: Date;
      source: string;
      run_id: number | null;
      previous_http_tokens: string | null;
      http_tokens: string;
      http_put_response_hop_limit: number | null;
      http_endpoint: string | null;
    }>(
      `SELECT id, observed_at, source, run_id, previous_http_tokens, http_tokens, http_put_response_hop_limit,
         http_endpoint
       FROM instance_settings_change WHERE instance_id = $1 ORDER BY observed_at DESC, id DESC`,
      [id],
    ),
    // By the primary key's prefix (instance, metric, period, timestamp).
    db.query<{ metric: string; period: number; timestamp: Date; value: number }>(
      `SELECT metric::text AS metric, period, timestamp, value FROM metric_point
       WHERE instance_id = $1 AND metric IN ('MetadataNoToken', 'MetadataNoTokenRejected')
         AND ((period = 86400 AND timestamp >= $2 AND timestamp < $3)
           OR (period = 3600 AND timestamp >= $4 AND timestamp < $5))`,
      [id, new Date(dailyFrom), new Date(today), new Date(hourlyFrom), new Date(thisHour)],
    ),
    db.query<{ from_day: Date; to_day: Date }>(
      `SELECT from_day, to_day FROM metric_coverage WHERE instance_id = $1 ORDER BY from_day`,
      [id],
    ),
  ]);

  const ranges: DayRange[] = coverage.rows.map((range) => ({
    from: epochDay(range.from_day.getTime()),
    to: epochDay(range.to_day.getTime()),
  }));
  const coveredDay = (day: number) => ranges.some((range) => day >= range.from && day <= range.to);
  const values = new Map<string, number>();
  for (const point of points.rows) {
    values.set(`${point.period}/${point.metric}/${point.timestamp.getTime()}`, Number(point.value));
  }
  const sample = (period: number, at: number, covered: boolean): MetricSample => ({
    at: new Date(at).toISOString(),
    v1Calls: covered ? (values.get(`${period}/MetadataNoToken/${at}`) ?? 0) : null,
    rejectedCalls: covered ? (values.get(`${period}/MetadataNoTokenRejected/${at}`) ?? 0) : null,
  });
  const daily = Array.from({ length: DETAIL_DAYS }, (_, index) => {
    const at = dailyFrom + index * DAY_MS;
    return sample(86400, at, coveredDay(epochDay(at)));
  });
  // An hour is known when hourly metrics were read past it and its day reported data at all. Days
  // after the daily coverage's horizon (today) count as reporting when the last known day did.
  const hourlyKnownThrough = row.hourly_known_through?.getTime() ?? Number.NEGATIVE_INFINITY;
  const dailyHorizon = row.metrics_known_through ? epochDay(row.metrics_known_through.getTime()) : null;
  const reportingOn = (day: number) =>
    coveredDay(day) || (dailyHorizon !== null && day >= dailyHorizon && coveredDay(dailyHorizon - 1));
  const hourly = Array.from({ length: DETAIL_HOURS }, (_, index) => {
    const at = hourlyFrom + index * HOUR_MS;
    return sample(3600, at, at + HOUR_MS <= hourlyKnownThrough && reportingOn(epochDay(at)));
  });

  const templateRow = template?.rows[0] ?? null;
  const regionRow = region.rows[0] ?? null;
  const imageRow = image?.rows[0] ?? null;
  const historyRows: SettingsChangeRow[] = history.rows.map((change) => ({
    id: String(change.id),
    at: change.observed_at.toISOString(),
    source: change.source === "cloudtrail" ? "cloudtrail" : "observed",
    runId: change.run_id,
    previousHttpTokens: change.previous_http_tokens,
    httpTokens: change.http_tokens,
    httpPutResponseHopLimit: change.http_put_response_hop_limit,
    httpEndpoint: change.http_endpoint,
  }));

  const facts: PrecedenceFacts = {
    instance: {
      httpTokens: row.http_tokens,
      launchTemplateId: row.launch_template_id,
      launchTemplateVersion: row.launch_template_version,
      imageId: row.image_id,
    },
    template: templateRow
      ? {
          name: templateRow.launch_template_name,
          versionNumber: templateRow.version_number,
          httpTokens: templateRow.http_tokens,
        }
      : null,
    regionDefault: regionRow ? { httpTokens: regionRow.http_tokens, managedBy: regionRow.managed_by } : null,
    image: imageRow ? { imageId: imageRow.image_id, imdsSupport: imageRow.imds_support } : null,
    changedAfterLaunch: lastTokensChange(historyRows, row.launch_time),
  };

  // safe because the collector writes tags as a JSON object of strings (drivers may hand jsonb back as text)
  const tags = typeof row.tags === "string" ? (JSON.parse(row.tags) as Record<string, string>) : (row.tags ?? {});
  return {
    instance: {
      id: row.id,
      name: row.name,
      accountId: row.account_id,
      accountName: row.account_name,
      region: row.region,
      availabilityZone: row.availability_zone,
      instanceType: row.instance_type,
      state: row.state,
      team: row.team,
      environment: row.environment,
      tags,
      launchTime: iso(row.launch_time),
      imageId: row.image_id,
      launchTemplateId: row.launch_template_id,
      launchTemplateVersion: row.launch_template_version,
      httpTokens: row.http_tokens,
      httpPutResponseHopLimit: row.http_put_response_hop_limit,
      httpEndpoint: row.http_endpoint,
      httpProtocolIpv6: row.http_protocol_ipv6,
      instanceMetadataTags: row.instance_metadata_tags,
      metadataState: row.metadata_state,
      firstSeenAt: row.first_seen_at.toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
      metricsKnownFrom: iso(row.metrics_known_from),
      metricsKnownThrough: iso(row.metrics_known_through),
      hourlyKnownThrough: iso(row.hourly_known_through),
      lastV1CallAt: iso(row.last_v1_call_at),
      lastRejectedAt: iso(row.last_rejected_at),
    },
    readiness: {
      stored: row.readiness,
      now: evaluateReadiness(readinessInputOf(row, ranges), options),
      windowDays: options.windowDays,
    },
    precedence: explainHttpTokens(facts),
    template:
      templateRow && row.launch_template_id
        ? {
            id: row.launch_template_id,
            name: templateRow.launch_template_name,
            versionNumber: templateRow.version_number,
            httpTokens: templateRow.http_tokens,
            isDefault: templateRow.is_default,
            isLatest: templateRow.is_latest,
          }
        : null,
    regionDefault: regionRow
      ? {
          httpTokens: regionRow.http_tokens,
          httpPutResponseHopLimit: regionRow.http_put_response_hop_limit,
          httpEndpoint: regionRow.http_endpoint,
          httpTokensEnforced: regionRow.http_tokens_enforced,
          managedBy: regionRow.managed_by,
          managedExceptionMessage: regionRow.managed_exception_message,
          collectedAt: iso(regionRow.defaults_collected_at),
        }
      : null,
    image: imageRow ? { imageId: imageRow.image_id, name: imageRow.name, imdsSupport: imageRow.imds_support } : null,
    history: historyRows,
    daily,
    hourly,
  };
}

/**
 * The latest change of HttpTokens after launch: an observed row whose previous value differs, or
 * a CloudTrail row after the launch (a RunInstances row at launch has no previous value).
 */
export function lastTokensChange(
  history: readonly SettingsChangeRow[],
  launchTime: Date | null,
): PrecedenceFacts["changedAfterLaunch"] {
  const launchedAt = launchTime?.getTime() ?? Number.NEGATIVE_INFINITY;
  const change = history.find((row) =>
    row.previousHttpTokens !== null
      ? row.previousHttpTokens !== row.httpTokens
      : row.source === "cloudtrail" && Date.parse(row.at) > launchedAt + 60_000,
  );
  return change
    ? { at: new Date(change.at), from: change.previousHttpTokens, to: change.httpTokens, source: change.source }
    : null;
}
