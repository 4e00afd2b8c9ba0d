import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";

export const IMDS_METRICS = ["MetadataNoToken", "MetadataNoTokenRejected"] as const;
export type ImdsMetric = (typeof IMDS_METRICS)[number];

/** CloudWatch's per-call limit on queries. */
export const QUERIES_PER_CALL = 500;

export interface MetricSeries {
  instanceId: string;
  metric: ImdsMetric;
  /** Period start (ms) -> Sum. Periods CloudWatch omitted had no data (not zero). */
  points: Map<number, number>;
}

export interface MetricWindow {
  period: number;
  start: Date;
  end: Date;
}

/**
 * Sum of both IMDS metrics per instance, packed 500 queries a call (the cheapest full picture:
 * CloudWatch bills per metric requested). Follows NextToken when a call passes the datapoint cap.
 */
export async function getImdsMetricSums(
  cloudwatch: CloudWatchClient,
  instanceIds: string[],
  window: MetricWindow,
  onCall?: () => void,
): Promise<MetricSeries[]> {
  const queries: { query: MetricDataQuery; series: MetricSeries }[] = [];
  instanceIds.forEach((instanceId, index) => {
    IMDS_METRICS.forEach((metric, metricIndex) => {
      queries.push({
        // Ids must match ^[a-z][A-Za-z0-9_]*$, so instance ids cannot be used directly.
        query: {
          Id: `q${index}_${metricIndex}`,
          MetricStat: {
            Metric: { Namespace: "AWS/EC2", MetricName: metric, Dimensions: [{ Name: "InstanceId", Value: instanceId }] },
            Period: window.period,
            Stat: "Sum",
          },
          ReturnData: true,
        },
        series: { instanceId, metric, points: new Map() },
      });
    });
  });

  for (let start = 0; start < queries.length; start += QUERIES_PER_CALL) {
    const batch = queries.slice(start, start + QUERIES_PER_CALL);
    const byId = new Map(batch.map((entry) => [entry.query.Id!, entry.series]));
    let nextToken: string | undefined;
    do {
      onCall?.();
      const reply = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch.map((entry) => entry.query),
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: "TimestampAscending",
          NextToken: nextToken,
        }),
      );
      for (const result of reply.MetricDataResults ?? []) {
        const series = result.Id ? byId.get(result.Id) : undefined;
        if (!series) continue;
        if (result.StatusCode === "Forbidden" || result.StatusCode === "InternalError") {
          throw Object.assign(new Error(`GetMetricData returned ${result.StatusCode} for ${series.instanceId}`), {
            name: result.StatusCode === "Forbidden" ? "AccessDenied" : "InternalServiceError",
          });
        }
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        timestamps.forEach((timestamp, index) => {
          const value = values[index];
          if (value !== undefined) series.points.set(timestamp.getTime(), value);
        });
      }
      nextToken = reply.NextToken;
    } while (nextToken);
  }
  return queries.map((entry) => entry.series);
}
