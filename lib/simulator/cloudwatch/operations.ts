// GetMetricData and ListMetrics over the fleet, protocol-neutral: input is the decoded request
// (JSON body, or the unflattened form body), output is plain data each protocol renders.
import { SimError } from "@/lib/simulator/errors";
import {
  getMetricData,
  listMetrics,
  type GetMetricDataOutput,
  type ListedMetric,
  type ResolvedQuery,
} from "@/lib/simulator/metrics";
import type { CallContext } from "@/lib/simulator/protocols/context";
import { METRIC_NAMES, type MetricName } from "@/lib/simulator/types";
import { asBoolean, asList, asNumber, asObject, asString, asTimestamp, invalid, missing } from "./input";

export const MAX_QUERIES = 500;
const QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;

function resolveQuery(ctx: CallContext, raw: unknown, i: number): ResolvedQuery {
  const path = `MetricDataQueries.member.${i + 1}`;
  const q = asObject(raw, path) ?? {};
  const id = asString(q.Id, `${path}.Id`);
  if (id === undefined) throw missing(`${path}.Id`);
  if (!QUERY_ID.test(id)) {
    throw invalid(`${path}.Id`, `must match ^[a-z][A-Za-z0-9_]*$ (got "${id}").`);
  }
  const returnData = asBoolean(q.ReturnData, `${path}.ReturnData`) ?? true;
  const label = asString(q.Label, `${path}.Label`);
  if (q.Expression !== undefined) {
    if (q.MetricStat !== undefined) {
      throw new SimError(
        "InvalidParameterCombination",
        `${path} must contain exactly one of MetricStat and Expression.`,
      );
    }
    throw invalid(`${path}.Expression`, "is not supported: the simulator does not evaluate metric math.");
  }
  const stat = asObject(q.MetricStat, `${path}.MetricStat`);
  if (!stat)
    throw new SimError("InvalidParameterCombination", `${path} must contain exactly one of MetricStat and Expression.`);
  const metric = asObject(stat.Metric, `${path}.MetricStat.Metric`);
  if (!metric) throw missing(`${path}.MetricStat.Metric`);
  const period = asNumber(stat.Period, `${path}.MetricStat.Period`);
  if (period === undefined) throw missing(`${path}.MetricStat.Period`);
  if (!Number.isInteger(period) || period <= 0 || period % 60 !== 0) {
    throw invalid(`${path}.MetricStat.Period`, `must be a multiple of 60 (got ${period}).`);
  }
  const statistic = asString(stat.Stat, `${path}.MetricStat.Stat`);
  if (statistic === undefined) throw missing(`${path}.MetricStat.Stat`);
  const unit = asString(stat.Unit, `${path}.MetricStat.Unit`);
  const namespace = asString(metric.Namespace, `${path}.MetricStat.Metric.Namespace`);
  const metricName = asString(metric.MetricName, `${path}.MetricStat.Metric.MetricName`);
  if (metricName === undefined) throw missing(`${path}.MetricStat.Metric.MetricName`);
  const dims = (asList(metric.Dimensions, `${path}.MetricStat.Metric.Dimensions`) ?? []).map((d, j) => {
    const dp = `${path}.MetricStat.Metric.Dimensions.member.${j + 1}`;
    const o = asObject(d, dp) ?? {};
    return { name: asString(o.Name, `${dp}.Name`), value: asString(o.Value, `${dp}.Value`) };
  });

  let series: ResolvedQuery["series"] = null;
  const known = METRIC_NAMES.find((m): m is MetricName => m === metricName);
  const onlyDim = dims.length === 1 ? dims[0] : undefined;
  if (
    namespace === "AWS/EC2" &&
    known &&
    statistic === "Sum" &&
    (unit === undefined || unit === "Count") &&
    onlyDim?.name === "InstanceId" &&
    onlyDim.value !== undefined
  ) {
    const inst = ctx.fleet.findInstance(onlyDim.value);
    // CloudWatch is regional and per account: other accounts' instances have no data here.
    if (inst && inst.accountId === ctx.caller.account.id && inst.region === ctx.region) {
      series = { inst, metric: known };
    }
  }
  return { id, label: label ?? metricName, returnData, periodSec: period, series };
}

export function runGetMetricData(ctx: CallContext, input: Record<string, unknown>): GetMetricDataOutput {
  const rawQueries = asList(input.MetricDataQueries, "MetricDataQueries");
  if (!rawQueries || rawQueries.length === 0) throw missing("MetricDataQueries");
  if (rawQueries.length > MAX_QUERIES) {
    throw invalid("MetricDataQueries", `must not have a size greater than ${MAX_QUERIES} (got ${rawQueries.length}).`);
  }
  const startMs = asTimestamp(input.StartTime, "StartTime");
  const endMs = asTimestamp(input.EndTime, "EndTime");
  if (startMs === undefined) throw missing("StartTime");
  if (endMs === undefined) throw missing("EndTime");
  // GetMetricData answers ValidationError here (GetMetricStatistics says InvalidParameterValue).
  if (startMs >= endMs) {
    throw new SimError("ValidationError", "The parameter StartTime must be less than the parameter EndTime.");
  }
  const scanBy = asString(input.ScanBy, "ScanBy") ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") {
    throw invalid("ScanBy", "must be TimestampDescending or TimestampAscending.");
  }
  const maxDatapoints = asNumber(input.MaxDatapoints, "MaxDatapoints");
  if (maxDatapoints !== undefined && (!Number.isInteger(maxDatapoints) || maxDatapoints < 1)) {
    throw invalid("MaxDatapoints", "must be a positive integer.");
  }
  const queries = rawQueries.map((q, i) => resolveQuery(ctx, q, i));
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.id)) {
      throw new SimError("ValidationError", "The values for parameter id in MetricDataQueries are not unique.");
    }
    ids.add(q.id);
  }
  const out = getMetricData(
    { queries, startMs, endMs, scanBy, maxDatapoints, nextToken: asString(input.NextToken, "NextToken") },
    ctx.now,
  );
  ctx.stats.metricsRequested += queries.length;
  ctx.stats.datapointsReturned += out.datapoints;
  return out;
}

export function runListMetrics(
  ctx: CallContext,
  input: Record<string, unknown>,
): { metrics: ListedMetric[]; nextToken?: string } {
  const dimensions = (asList(input.Dimensions, "Dimensions") ?? []).map((d, j) => {
    const path = `Dimensions.member.${j + 1}`;
    const o = asObject(d, path) ?? {};
    const name = asString(o.Name, `${path}.Name`);
    if (name === undefined) throw missing(`${path}.Name`);
    return { name, value: asString(o.Value, `${path}.Value`) };
  });
  if (dimensions.length > 10) throw invalid("Dimensions", "must not have a size greater than 10.");
  const recentlyActive = asString(input.RecentlyActive, "RecentlyActive");
  if (recentlyActive !== undefined && recentlyActive !== "PT3H") throw invalid("RecentlyActive", "must be PT3H.");
  const cell = ctx.fleet.cell(ctx.caller.account.id, ctx.region);
  return listMetrics(
    cell.instances,
    {
      namespace: asString(input.Namespace, "Namespace"),
      metricName: asString(input.MetricName, "MetricName"),
      dimensions,
      recentlyActive,
      nextToken: asString(input.NextToken, "NextToken"),
    },
    ctx.now,
  );
}
