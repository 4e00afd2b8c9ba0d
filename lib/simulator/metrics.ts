// CloudWatch over the simulated fleet: datapoints computed on demand from each instance's
// timeline. Only AWS/EC2 MetadataNoToken / MetadataNoTokenRejected by InstanceId with Sum exist.
import { SimError } from "./errors";
import { DAY_MS, MINUTE_MS, type SimInstance } from "./instance";
import { hashString } from "./prng";
import { metricMinutes, runningMinutes, type Interval } from "./timeline";
import { METRIC_NAMES, type MetricName } from "./types";
import { callsInIntervals } from "./volume";

export const RETENTION_DAYS = 455;
export const MAX_DATAPOINTS_PER_CALL = 100_800;
export const LIST_METRICS_PAGE_SIZE = 500;
const LIST_METRICS_ACTIVE_MS = 14 * DAY_MS;

export interface SeriesRef {
  inst: SimInstance;
  metric: MetricName;
}

/** Bucket k covers minutes [startMin + k*periodMin, ...) clipped to endMin. */
export interface SeriesWindow {
  startMin: number;
  endMin: number;
  periodMin: number;
  nowMin: number;
}

/** Minutes that can hold data: running, inside the request, retained and not in the future. */
function dataMinutes(inst: SimInstance, w: SeriesWindow): Interval | null {
  const [runLo, runHi] = runningMinutes(inst);
  const lo = Math.max(runLo, w.startMin, w.nowMin - RETENTION_DAYS * 1440);
  const hi = Math.min(runHi, w.endMin, w.nowMin);
  return lo < hi ? [lo, hi] : null;
}

/** Indexes of the buckets that have a datapoint (a contiguous range, as running is one span). */
export function bucketRange(inst: SimInstance, w: SeriesWindow): { kLo: number; kHi: number } | null {
  const span = dataMinutes(inst, w);
  if (!span) return null;
  return {
    kLo: Math.floor((span[0] - w.startMin) / w.periodMin),
    kHi: Math.floor((span[1] - 1 - w.startMin) / w.periodMin),
  };
}

export function bucketValue(ref: SeriesRef, intervals: readonly Interval[], w: SeriesWindow, k: number): number {
  const span = dataMinutes(ref.inst, w);
  if (!span) return 0;
  const lo = Math.max(span[0], w.startMin + k * w.periodMin);
  const hi = Math.min(span[1], w.startMin + (k + 1) * w.periodMin);
  return callsInIntervals(ref.inst, intervals, lo, hi);
}

/** Sum of a metric over [startMs, endMs), or null when the instance reported nothing then. */
export function metricSum(ref: SeriesRef, startMs: number, endMs: number, nowMs: number): number | null {
  const w: SeriesWindow = {
    startMin: Math.floor(startMs / MINUTE_MS),
    endMin: Math.floor(endMs / MINUTE_MS),
    periodMin: 1,
    nowMin: Math.floor(nowMs / MINUTE_MS),
  };
  const span = dataMinutes(ref.inst, w);
  if (!span) return null;
  return callsInIntervals(ref.inst, metricMinutes(ref.inst, ref.metric), span[0], span[1]);
}

// ---------------------------------------------------------------------------------------------
// GetMetricData

export interface ResolvedQuery {
  id: string;
  label: string;
  returnData: boolean;
  periodSec: number;
  /** null: a metric the simulator has no data for (empty, Complete). */
  series: SeriesRef | null;
}

export interface GetMetricDataInput {
  queries: ResolvedQuery[];
  startMs: number;
  endMs: number;
  scanBy: "TimestampDescending" | "TimestampAscending";
  maxDatapoints?: number;
  nextToken?: string;
}

export interface MetricDataResult {
  id: string;
  label: string;
  /** ms since epoch, in scan order */
  timestamps: number[];
  values: number[];
  statusCode: "Complete" | "PartialData";
}

export interface GetMetricDataOutput {
  results: MetricDataResult[];
  nextToken?: string;
  datapoints: number;
}

interface DataToken {
  /** query index to resume at */
  q: number;
  /** datapoints of that query already returned */
  s: number;
  /** "now" pinned at the first page so later pages see the same buckets */
  n: number;
  /** fingerprint of the request the token belongs to */
  f: number;
}

function encodeToken(token: object): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken<T>(raw: string, valid: (t: Record<string, unknown>) => boolean): T {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    // safe because a non-null object can be read as a record; `valid` checks every field T has
    if (parsed && typeof parsed === "object" && valid(parsed as Record<string, unknown>)) {
      return parsed as T;
    }
  } catch {
    // fall through: any undecodable token is the same client error
  }
  throw new SimError("InvalidNextToken", "The service couldn't process the NextToken: it is invalid or expired.");
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

function fingerprintData(input: GetMetricDataInput): number {
  const parts = input.queries.map(
    (q) =>
      `${q.id}|${q.returnData}|${q.periodSec}|${q.series ? `${q.series.inst.instanceId}/${q.series.metric}` : "-"}`,
  );
  return hashString(`${input.startMs}|${input.endMs}|${input.scanBy}|${parts.join(",")}`);
}

export function getMetricData(input: GetMetricDataInput, nowMs: number): GetMetricDataOutput {
  const fingerprint = fingerprintData(input);
  let token: DataToken = { q: 0, s: 0, n: Math.floor(nowMs / MINUTE_MS), f: fingerprint };
  if (input.nextToken) {
    token = decodeToken<DataToken>(
      input.nextToken,
      (t) => isInt(t.q) && isInt(t.s) && isInt(t.n) && t.f === fingerprint,
    );
  }
  const budgetLimit = Math.min(MAX_DATAPOINTS_PER_CALL, input.maxDatapoints ?? MAX_DATAPOINTS_PER_CALL);
  let budget = budgetLimit;
  const results: MetricDataResult[] = [];
  const startMin = Math.floor(input.startMs / MINUTE_MS);
  const endMin = Math.ceil(input.endMs / MINUTE_MS);
  const descending = input.scanBy !== "TimestampAscending";
  let resume: DataToken | null = null;

  // Every page lists every query: Complete once all its data has been sent (on this page or an
  // earlier one), PartialData while some is still to come on a later page.
  for (let qi = 0; qi < input.queries.length; qi++) {
    const q = input.queries[qi];
    if (!q || !q.returnData) continue;
    const result: MetricDataResult = { id: q.id, label: q.label, timestamps: [], values: [], statusCode: "Complete" };
    results.push(result);
    if (!q.series || qi < token.q) continue;
    const w: SeriesWindow = { startMin, endMin, periodMin: q.periodSec / 60, nowMin: token.n };
    const range = bucketRange(q.series.inst, w);
    if (!range) continue;
    const count = range.kHi - range.kLo + 1;
    const skip = qi === token.q ? token.s : 0;
    const take: number = resume ? 0 : Math.min(count - skip, budget);
    if (take > 0) {
      const intervals = metricMinutes(q.series.inst, q.series.metric);
      for (let i = skip; i < skip + take; i++) {
        const k = descending ? range.kHi - i : range.kLo + i;
        result.timestamps.push((startMin + k * w.periodMin) * MINUTE_MS);
        result.values.push(bucketValue(q.series, intervals, w, k));
      }
      budget -= take;
    }
    if (skip + take < count) {
      result.statusCode = "PartialData";
      resume ??= { ...token, q: qi, s: skip + take };
    }
  }
  return { results, ...(resume ? { nextToken: encodeToken(resume) } : {}), datapoints: budgetLimit - budget };
}

// ---------------------------------------------------------------------------------------------
// ListMetrics

export interface ListMetricsInput {
  namespace?: string;
  metricName?: string;
  dimensions?: { name: string; value?: string }[];
  /** "PT3H": only metrics with data in the last 3 hours */
  recentlyActive?: string;
  nextToken?: string;
}

export interface ListedMetric {
  namespace: string;
  metricName: MetricName;
  dimensions: { name: string; value: string }[];
}

interface ListToken {
  /** position in the account-region's instance list */
  p: number;
  f: number;
}

export function listMetrics(
  instances: readonly SimInstance[],
  input: ListMetricsInput,
  nowMs: number,
): { metrics: ListedMetric[]; nextToken?: string } {
  const fingerprint = hashString(
    JSON.stringify([input.namespace, input.metricName, input.dimensions, input.recentlyActive]),
  );
  let start = 0;
  if (input.nextToken) {
    start = decodeToken<ListToken>(input.nextToken, (t) => isInt(t.p) && t.f === fingerprint).p;
  }
  const metrics: ListedMetric[] = [];
  if (input.namespace !== undefined && input.namespace !== "AWS/EC2") return { metrics };
  const names = METRIC_NAMES.filter((m) => input.metricName === undefined || input.metricName === m);
  const dims = input.dimensions ?? [];
  if (names.length === 0 || dims.some((d) => d.name !== "InstanceId")) return { metrics };
  const wantedIds = dims.filter((d) => d.value !== undefined).map((d) => d.value);
  const activeSince = Math.floor(
    (nowMs - (input.recentlyActive === "PT3H" ? 3 * 3_600_000 : LIST_METRICS_ACTIVE_MS)) / MINUTE_MS,
  );
  const nowMin = Math.floor(nowMs / MINUTE_MS);
  // Whole instances per page so a token is just a position; a page may hold 499 or 500 metrics.
  for (let p = start; p < instances.length; p++) {
    const inst = instances[p];
    if (!inst) continue;
    if (wantedIds.length > 0 && !wantedIds.every((id) => id === inst.instanceId)) continue;
    const [runLo, runHi] = runningMinutes(inst);
    if (runHi <= activeSince || runLo >= nowMin) continue;
    if (metrics.length + names.length > LIST_METRICS_PAGE_SIZE) {
      return { metrics, nextToken: encodeToken({ p, f: fingerprint }) };
    }
    for (const metricName of names) {
      metrics.push({ namespace: "AWS/EC2", metricName, dimensions: [{ name: "InstanceId", value: inst.instanceId }] });
    }
  }
  return { metrics };
}
