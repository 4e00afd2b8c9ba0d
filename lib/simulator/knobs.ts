// Realism knobs and call statistics of a running simulator; both are plain mutable objects.

export interface DeniedAccountRegion {
  accountId: string;
  region: string;
  /** Error code for EC2 calls (default UnauthorizedOperation); CloudWatch always says AccessDenied. */
  code?: "UnauthorizedOperation" | "AccessDenied";
  /**
   * Only these operations are refused (e.g. ["DescribeRegions"], as an IAM policy denying one
   * action would); absent, every EC2 and CloudWatch call there is.
   */
  operations?: string[];
}

export interface SimulatorKnobs {
  /** Added delay per call (ms). */
  latencyMs: number;
  /** Enforce EC2's per account x region x API token buckets (503 RequestLimitExceeded). */
  tokenBuckets: boolean;
  /**
   * Share of EC2/CloudWatch attempts refused as throttled (0..1). Below 1, an SDK call's third and
   * later attempts (amz-sdk-request: attempt=N) are spared, so default 3-attempt clients always
   * get through while still exercising their retries; 1 throttles everything.
   */
  throttleRate: number;
  /** Share of EC2/CloudWatch attempts failing with a 500 (0..1); spares attempts >= 3 like throttleRate. */
  serverErrorRate: number;
  /** Account-regions whose EC2 and CloudWatch refuse the caller. */
  denied: DeniedAccountRegion[];
  /** How long a ModifyInstanceMetadataOptions change reads `pending` before `applied` (ms). */
  metadataApplyDelayMs: number;
}

export function defaultKnobs(overrides: Partial<SimulatorKnobs> = {}): SimulatorKnobs {
  const knobs: SimulatorKnobs = {
    latencyMs: 0,
    tokenBuckets: false,
    throttleRate: 0,
    serverErrorRate: 0,
    denied: [],
    metadataApplyDelayMs: 1_000,
    ...overrides,
  };
  validateKnobs(knobs);
  return knobs;
}

export function validateKnobs(k: SimulatorKnobs): void {
  const rate = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`knob ${name} must be between 0 and 1 (got ${v})`);
  };
  rate("throttleRate", k.throttleRate);
  rate("serverErrorRate", k.serverErrorRate);
  if (!(k.latencyMs >= 0)) throw new RangeError(`knob latencyMs must be >= 0 (got ${k.latencyMs})`);
  if (!(k.metadataApplyDelayMs >= 0)) throw new RangeError(`knob metadataApplyDelayMs must be >= 0`);
}

export interface SimulatorStats {
  /** Every request received, including refused ones. */
  total: number;
  /** Calls per "service:Operation", e.g. "ec2:DescribeInstances", "monitoring:GetMetricData". */
  byOperation: Record<string, number>;
  /** Calls per "accountId/region", then per "service:Operation". */
  byAccountRegion: Record<string, Record<string, number>>;
  /** Error replies per "service:Code", e.g. "ec2:RequestLimitExceeded". */
  errors: Record<string, number>;
  /** Metric queries across GetMetricData calls (CloudWatch bills per metric requested). */
  metricsRequested: number;
  /** Datapoints returned across GetMetricData calls. */
  datapointsReturned: number;
}

export function emptyStats(): SimulatorStats {
  return { total: 0, byOperation: {}, byAccountRegion: {}, errors: {}, metricsRequested: 0, datapointsReturned: 0 };
}

export function countCall(stats: SimulatorStats, service: string, operation: string, accountRegion?: string): void {
  const key = `${service}:${operation}`;
  stats.total++;
  stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
  if (accountRegion) {
    const cell = (stats.byAccountRegion[accountRegion] ??= {});
    cell[key] = (cell[key] ?? 0) + 1;
  }
}

export function countError(stats: SimulatorStats, service: string, code: string): void {
  const key = `${service}:${code}`;
  stats.errors[key] = (stats.errors[key] ?? 0) + 1;
}

/** Resets in place, so references held by callers stay live. */
export function resetStats(stats: SimulatorStats): void {
  Object.assign(stats, emptyStats());
}
