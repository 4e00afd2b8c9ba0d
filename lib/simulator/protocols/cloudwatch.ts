// CloudWatch speaks two protocols: awsJson1_0 (current SDKs, x-amz-target
// GraniteServiceVersion20100801.<Op>, epoch seconds) and the older form-encoded query protocol
// (AWS CLI 2.9, boto3 1.26: Action=..&Version=2010-08-01, ISO 8601, XML replies).
import { runDeleteAlarms, runDescribeAlarms, runPutMetricAlarm } from "@/lib/simulator/cloudwatch/alarms";
import { runGetMetricData, runListMetrics } from "@/lib/simulator/cloudwatch/operations";
import type { SimError } from "@/lib/simulator/errors";
import type { GetMetricDataOutput, ListedMetric } from "@/lib/simulator/metrics";
import { unflatten } from "@/lib/simulator/query-params";
import type { MetricAlarmRecord } from "@/lib/simulator/types";
import { el, esc, isoTime, memberList } from "@/lib/simulator/xml";
import { queryError, queryReply, XML_HEADERS, XML_PROLOG, type CallContext, type Reply } from "./context";

export const CLOUDWATCH_VERSION = "2010-08-01";
export const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801.";
const NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
const JSON_HEADERS = { "content-type": "application/x-amz-json-1.0" } as const;

export const CLOUDWATCH_OPERATIONS = [
  "GetMetricData",
  "ListMetrics",
  "PutMetricAlarm",
  "DescribeAlarms",
  "DeleteAlarms",
] as const;
export type CloudWatchOperation = (typeof CLOUDWATCH_OPERATIONS)[number];

export function isCloudWatchOperation(op: string): op is CloudWatchOperation {
  return (CLOUDWATCH_OPERATIONS as readonly string[]).includes(op);
}

/** Modeled error shapes, so SDKs that read `__type` find the right class. */
const ERROR_SHAPES: Record<string, string> = {
  InvalidParameterValue: "InvalidParameterValueException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
  MissingParameter: "MissingRequiredParameterException",
  LimitExceeded: "LimitExceededException",
  InternalServiceError: "InternalServiceFault",
  InvalidNextToken: "InvalidNextToken",
};

type Dimension = { name: string; value?: string };
const dimensionsJson = (dimensions: readonly Dimension[]) => dimensions.map((d) => ({ Name: d.name, Value: d.value }));
const dimensionsXml = (dimensions: readonly Dimension[]) =>
  memberList("Dimensions", dimensions, (d) => el("Name", d.name) + el("Value", d.value));

// ---- JSON (awsJson1_0) ----

export function cloudwatchJson(ctx: CallContext, op: CloudWatchOperation, body: Record<string, unknown>): Reply {
  let payload: unknown;
  if (op === "PutMetricAlarm" || op === "DeleteAlarms") {
    if (op === "PutMetricAlarm") runPutMetricAlarm(ctx, body);
    else runDeleteAlarms(ctx, body);
    payload = {};
  } else if (op === "DescribeAlarms") {
    const out = runDescribeAlarms(ctx, body);
    payload = {
      MetricAlarms: out.metricAlarms.map(alarmJson),
      CompositeAlarms: [],
      ...(out.nextToken ? { NextToken: out.nextToken } : {}),
    };
  } else if (op === "GetMetricData") {
    const out = runGetMetricData(ctx, body);
    payload = {
      MetricDataResults: out.results.map((r) => ({
        Id: r.id,
        Label: r.label,
        Timestamps: r.timestamps.map((t) => t / 1000),
        Values: r.values,
        StatusCode: r.statusCode,
      })),
      ...(out.nextToken ? { NextToken: out.nextToken } : {}),
      Messages: [],
    };
  } else {
    const out = runListMetrics(ctx, body);
    payload = {
      Metrics: out.metrics.map((m) => ({
        Namespace: m.namespace,
        MetricName: m.metricName,
        Dimensions: dimensionsJson(m.dimensions),
      })),
      ...(out.nextToken ? { NextToken: out.nextToken } : {}),
    };
  }
  return { status: 200, headers: { ...JSON_HEADERS }, body: JSON.stringify(payload) };
}

function alarmJson(a: MetricAlarmRecord): Record<string, unknown> {
  return {
    AlarmName: a.alarmName,
    AlarmArn: a.alarmArn,
    ...(a.alarmDescription !== undefined ? { AlarmDescription: a.alarmDescription } : {}),
    AlarmConfigurationUpdatedTimestamp: a.configurationUpdatedAt / 1000,
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.stateValue,
    StateReason: a.stateReason,
    StateUpdatedTimestamp: a.stateUpdatedAt / 1000,
    MetricName: a.metricName,
    Namespace: a.namespace,
    ...(a.statistic !== undefined ? { Statistic: a.statistic } : {}),
    ...(a.extendedStatistic !== undefined ? { ExtendedStatistic: a.extendedStatistic } : {}),
    Dimensions: dimensionsJson(a.dimensions),
    Period: a.period,
    ...(a.unit !== undefined ? { Unit: a.unit } : {}),
    EvaluationPeriods: a.evaluationPeriods,
    ...(a.datapointsToAlarm !== undefined ? { DatapointsToAlarm: a.datapointsToAlarm } : {}),
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    ...(a.treatMissingData !== undefined ? { TreatMissingData: a.treatMissingData } : {}),
    ...(a.evaluateLowSampleCountPercentile !== undefined
      ? { EvaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile }
      : {}),
    StateTransitionedTimestamp: a.stateUpdatedAt / 1000,
  };
}

export function cloudwatchJsonError(err: SimError): Reply {
  const shape = ERROR_SHAPES[err.code] ?? err.code;
  return {
    status: err.status,
    headers: { ...JSON_HEADERS, "x-amzn-query-error": `${err.code};${err.fault}` },
    body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${shape}`, message: err.message }),
  };
}

// ---- query protocol (form in, XML out) ----

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function metricDataXml(out: GetMetricDataOutput): string {
  return (
    memberList(
      "MetricDataResults",
      out.results,
      (r) =>
        el("Id", r.id) +
        el("Label", r.label) +
        memberList("Timestamps", r.timestamps, (t) => esc(isoSeconds(t))) +
        memberList("Values", r.values, (v) => esc(v)) +
        el("StatusCode", r.statusCode),
    ) +
    el("NextToken", out.nextToken) +
    "<Messages/>"
  );
}

function listMetricsXml(metrics: ListedMetric[], nextToken: string | undefined): string {
  return (
    memberList(
      "Metrics",
      metrics,
      (m) => el("Namespace", m.namespace) + el("MetricName", m.metricName) + dimensionsXml(m.dimensions),
    ) + el("NextToken", nextToken)
  );
}

function alarmXml(a: MetricAlarmRecord): string {
  const arns = (name: string, list: string[]) => memberList(name, list, esc);
  return (
    el("AlarmName", a.alarmName) +
    el("AlarmArn", a.alarmArn) +
    el("AlarmDescription", a.alarmDescription) +
    el("AlarmConfigurationUpdatedTimestamp", isoTime(a.configurationUpdatedAt)) +
    el("ActionsEnabled", a.actionsEnabled) +
    arns("OKActions", a.okActions) +
    arns("AlarmActions", a.alarmActions) +
    arns("InsufficientDataActions", a.insufficientDataActions) +
    el("StateValue", a.stateValue) +
    el("StateReason", a.stateReason) +
    el("StateUpdatedTimestamp", isoTime(a.stateUpdatedAt)) +
    el("MetricName", a.metricName) +
    el("Namespace", a.namespace) +
    el("Statistic", a.statistic) +
    el("ExtendedStatistic", a.extendedStatistic) +
    dimensionsXml(a.dimensions) +
    el("Period", a.period) +
    el("Unit", a.unit) +
    el("EvaluationPeriods", a.evaluationPeriods) +
    el("DatapointsToAlarm", a.datapointsToAlarm) +
    el("Threshold", a.threshold) +
    el("ComparisonOperator", a.comparisonOperator) +
    el("TreatMissingData", a.treatMissingData) +
    el("EvaluateLowSampleCountPercentile", a.evaluateLowSampleCountPercentile) +
    el("StateTransitionedTimestamp", isoTime(a.stateUpdatedAt))
  );
}

export function cloudwatchQuery(ctx: CallContext, op: CloudWatchOperation, params: URLSearchParams): Reply {
  const input = unflatten(params);
  let result: string;
  if (op === "PutMetricAlarm" || op === "DeleteAlarms") {
    if (op === "PutMetricAlarm") runPutMetricAlarm(ctx, input);
    else runDeleteAlarms(ctx, input);
    // An operation without output has no <OpResult>, only the request id.
    return {
      status: 200,
      headers: { ...XML_HEADERS },
      body:
        `${XML_PROLOG}<${op}Response xmlns="${NS}"><ResponseMetadata>${el("RequestId", ctx.requestId)}` +
        `</ResponseMetadata></${op}Response>`,
    };
  }
  if (op === "DescribeAlarms") {
    const out = runDescribeAlarms(ctx, input);
    result =
      memberList("MetricAlarms", out.metricAlarms, alarmXml) + "<CompositeAlarms/>" + el("NextToken", out.nextToken);
  } else if (op === "GetMetricData") {
    result = metricDataXml(runGetMetricData(ctx, input));
  } else {
    const out = runListMetrics(ctx, input);
    result = listMetricsXml(out.metrics, out.nextToken);
  }
  return queryReply(NS, ctx.requestId, op, result);
}

export function cloudwatchQueryError(requestId: string, err: SimError): Reply {
  return queryError(NS, requestId, err);
}
