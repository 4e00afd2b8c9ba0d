// PutMetricAlarm and DescribeAlarms over the fleet, protocol-neutral (like operations.ts): input is
// the decoded request (JSON body or unflattened form body), output is plain data each protocol
// renders. Alarms live per account and region, as in CloudWatch.
import { SimError } from "@/lib/simulator/errors";
import { decodePageToken, encodePageToken } from "@/lib/simulator/paging";
import type { CallContext } from "@/lib/simulator/protocols/context";
import type { MetricAlarmRecord } from "@/lib/simulator/types";
import { asBoolean, asList, asNumber, asObject, asString, invalid, missing } from "./input";

export const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
] as const;
export const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
export const TREAT_MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"] as const;
export const STATE_VALUES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export const LOW_SAMPLE_COUNT_OPTIONS = ["evaluate", "ignore"] as const;
/**
 * ExtendedStatistic: a percentile (p90, p99.9) or a trimmed/winsorized statistic, short (tm99,
 * wm98, tc90, ts80) or ranged (TM(10%:90%), PR(:300)), as the CloudWatch statistics reference lists.
 */
const EXTENDED_STATISTIC = /^((p|tm|wm|tc|ts)(\d{1,2}(\.\d{1,10})?|100)|(TM|WM|TC|TS|PR)\([^()]*:[^()]*\))$/;
/** DeleteAlarms takes 1..100 names per call. */
const MAX_DELETE = 100;
const ALARM_TYPES = ["CompositeAlarm", "MetricAlarm"] as const;
/** AWS: at most 5 actions per state; an action is an ARN (SNS topic, Auto Scaling, EC2 action, SSM...). */
const MAX_ACTIONS = 5;
const ACTION_ARN = /^arn:aws[a-z-]*:(sns|autoscaling|automate|ssm|ssm-incidents|lambda):[a-z0-9-]*:\d{0,12}:.+$/;
const MAX_RECORDS = 100;
/** Period x EvaluationPeriods may not exceed 7 days (AWS's limit for alarms). */
const MAX_EVALUATION_SECONDS = 7 * 86_400;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], path: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw invalid(path, `must be one of ${allowed.join(", ")} (got "${value}").`);
  }
  return found;
}

function stringList(raw: unknown, path: string, max: number): string[] | undefined {
  const list = asList(raw, path);
  if (list === undefined) return undefined;
  if (list.length > max) throw invalid(path, `must not have a size greater than ${max} (got ${list.length}).`);
  return list.map((v, i) => {
    const s = asString(v, `${path}.member.${i + 1}`);
    if (s === undefined) throw missing(`${path}.member.${i + 1}`);
    return s;
  });
}

function actions(raw: unknown, path: string): string[] {
  const list = stringList(raw, path, MAX_ACTIONS) ?? [];
  list.forEach((arn, i) => {
    if (arn.length > 1024 || !ACTION_ARN.test(arn)) {
      throw invalid(`${path}.member.${i + 1}`, `is not a valid action ARN (got "${arn}").`);
    }
  });
  return list;
}

function integerIn(raw: unknown, path: string, min: number): number | undefined {
  const n = asNumber(raw, path);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min) throw invalid(path, `must be an integer of at least ${min} (got ${n}).`);
  return n;
}

/** PutMetricAlarm: create-or-update by AlarmName; validation follows the API reference. */
export function runPutMetricAlarm(ctx: CallContext, input: Record<string, unknown>): void {
  const name = asString(input.AlarmName, "AlarmName");
  if (name === undefined || name === "") throw missing("AlarmName");
  if (name.length > 255) throw invalid("AlarmName", "must have length less than or equal to 255.");
  const description = asString(input.AlarmDescription, "AlarmDescription");
  if (description !== undefined && description.length > 1024) {
    throw invalid("AlarmDescription", "must have length less than or equal to 1024.");
  }
  if (input.Metrics !== undefined) {
    throw invalid("Metrics", "is not supported: the simulator does not evaluate metric math alarms.");
  }
  const metricName = asString(input.MetricName, "MetricName");
  const namespace = asString(input.Namespace, "Namespace");
  if (metricName === undefined) throw missing("MetricName");
  if (namespace === undefined) throw missing("Namespace");
  if (metricName.length > 255) throw invalid("MetricName", "must have length less than or equal to 255.");
  const statistic = oneOf(asString(input.Statistic, "Statistic"), STATISTICS, "Statistic");
  const extended = asString(input.ExtendedStatistic, "ExtendedStatistic");
  if ((statistic === undefined) === (extended === undefined)) {
    throw new SimError(
      "InvalidParameterCombination",
      "Exactly one of the parameters Statistic and ExtendedStatistic must be specified.",
    );
  }
  if (extended !== undefined && !EXTENDED_STATISTIC.test(extended)) {
    throw new SimError(
      "InvalidParameterValue",
      `The value ${extended} for parameter ExtendedStatistic is not supported.`,
    );
  }
  // AWS answers ValidationError here (not InvalidParameterValue like the other enums).
  const lowSampleCount = asString(input.EvaluateLowSampleCountPercentile, "EvaluateLowSampleCountPercentile");
  if (lowSampleCount !== undefined && !LOW_SAMPLE_COUNT_OPTIONS.some((o) => o === lowSampleCount)) {
    throw new SimError(
      "ValidationError",
      `Option ${lowSampleCount} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.`,
    );
  }
  const dimensions = (asList(input.Dimensions, "Dimensions") ?? []).map((d, j) => {
    const path = `Dimensions.member.${j + 1}`;
    const o = asObject(d, path) ?? {};
    const dName = asString(o.Name, `${path}.Name`);
    const dValue = asString(o.Value, `${path}.Value`);
    if (dName === undefined) throw missing(`${path}.Name`);
    if (dValue === undefined) throw missing(`${path}.Value`);
    return { name: dName, value: dValue };
  });
  if (dimensions.length > 30) throw invalid("Dimensions", "must not have a size greater than 30.");
  const period = integerIn(input.Period, "Period", 1);
  if (period === undefined) throw missing("Period");
  if (period !== 10 && period !== 30 && period % 60 !== 0) {
    throw invalid("Period", `must be 10, 30 or a multiple of 60 (got ${period}).`);
  }
  const evaluationPeriods = integerIn(input.EvaluationPeriods, "EvaluationPeriods", 1);
  if (evaluationPeriods === undefined) throw missing("EvaluationPeriods");
  if (period * evaluationPeriods > MAX_EVALUATION_SECONDS) {
    throw invalid("EvaluationPeriods", `times Period must not exceed ${MAX_EVALUATION_SECONDS} seconds.`);
  }
  const datapointsToAlarm = integerIn(input.DatapointsToAlarm, "DatapointsToAlarm", 1);
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    throw invalid("DatapointsToAlarm", "must be less than or equal to EvaluationPeriods.");
  }
  const threshold = asNumber(input.Threshold, "Threshold");
  const comparison = oneOf(
    asString(input.ComparisonOperator, "ComparisonOperator"),
    COMPARISON_OPERATORS,
    "ComparisonOperator",
  );
  if (comparison === undefined) throw missing("ComparisonOperator");
  if (threshold === undefined) throw missing("Threshold");
  const treatMissingData = oneOf(
    asString(input.TreatMissingData, "TreatMissingData"),
    TREAT_MISSING_DATA,
    "TreatMissingData",
  );
  const unit = asString(input.Unit, "Unit");

  const existing = ctx.fleet.findMetricAlarm(ctx.caller.account.id, ctx.region, name);
  const record: MetricAlarmRecord = {
    alarmName: name,
    alarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.caller.account.id}:alarm:${name}`,
    alarmDescription: description,
    configurationUpdatedAt: ctx.now,
    actionsEnabled: asBoolean(input.ActionsEnabled, "ActionsEnabled") ?? true,
    okActions: actions(input.OKActions, "OKActions"),
    alarmActions: actions(input.AlarmActions, "AlarmActions"),
    insufficientDataActions: actions(input.InsufficientDataActions, "InsufficientDataActions"),
    // An update keeps the alarm's state; a new alarm starts unchecked, as in CloudWatch.
    stateValue: existing?.stateValue ?? "INSUFFICIENT_DATA",
    stateReason: existing?.stateReason ?? "Unchecked: Initial alarm creation",
    stateUpdatedAt: existing?.stateUpdatedAt ?? ctx.now,
    metricName,
    namespace,
    statistic,
    extendedStatistic: extended,
    dimensions,
    period,
    unit,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator: comparison,
    treatMissingData,
    evaluateLowSampleCountPercentile: lowSampleCount,
  };
  ctx.fleet.putMetricAlarm(ctx.caller.account.id, ctx.region, record);
}

export interface DescribeAlarmsOutput {
  metricAlarms: MetricAlarmRecord[];
  nextToken?: string;
}

/** DescribeAlarms: by names or a prefix, by state or action prefix; MaxRecords 1..100, NextToken. */
export function runDescribeAlarms(ctx: CallContext, input: Record<string, unknown>): DescribeAlarmsOutput {
  const names = stringList(input.AlarmNames, "AlarmNames", 100);
  const prefix = asString(input.AlarmNamePrefix, "AlarmNamePrefix");
  if (names && names.length > 0 && prefix !== undefined) {
    throw new SimError("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be specified together.");
  }
  const types = (stringList(input.AlarmTypes, "AlarmTypes", 2) ?? []).map((t, i) =>
    oneOf(t, ALARM_TYPES, `AlarmTypes.member.${i + 1}`),
  );
  const state = oneOf(asString(input.StateValue, "StateValue"), STATE_VALUES, "StateValue");
  const actionPrefix = asString(input.ActionPrefix, "ActionPrefix");
  const maxRecords = asNumber(input.MaxRecords, "MaxRecords");
  if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS)) {
    throw invalid("MaxRecords", `must be between 1 and ${MAX_RECORDS} (got ${maxRecords}).`);
  }
  const pageSize = maxRecords ?? 50;
  // Only metric alarms exist here; asking for composite alarms alone lists none.
  const wantMetric = types.length === 0 || types.includes("MetricAlarm");
  const requestKey = JSON.stringify({ names, prefix, types, state, actionPrefix, region: ctx.region });
  const token = asString(input.NextToken, "NextToken");
  let start = 0;
  if (token !== undefined) {
    try {
      start = decodePageToken(token, requestKey);
    } catch {
      throw new SimError("InvalidNextToken", "The service found that NextToken is not valid.");
    }
  }
  const nameSet = names && names.length > 0 ? new Set(names) : null;
  const matching = wantMetric
    ? ctx.fleet
        .listMetricAlarms(ctx.caller.account.id, ctx.region)
        .filter(
          (a) =>
            (nameSet === null || nameSet.has(a.alarmName)) &&
            (prefix === undefined || a.alarmName.startsWith(prefix)) &&
            (state === undefined || a.stateValue === state) &&
            (actionPrefix === undefined ||
              [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((arn) =>
                arn.startsWith(actionPrefix),
              )),
        )
    : [];
  const page = matching.slice(start, start + pageSize);
  const next = start + pageSize;
  return {
    metricAlarms: page,
    ...(next < matching.length ? { nextToken: encodePageToken(next, requestKey) } : {}),
  };
}

/**
 * DeleteAlarms: AlarmNames (1..100) required. Names that do not exist are skipped while the others
 * are deleted, as the API reference says; the reply has no output.
 */
export function runDeleteAlarms(ctx: CallContext, input: Record<string, unknown>): void {
  const names = stringList(input.AlarmNames, "AlarmNames", MAX_DELETE);
  if (names === undefined || names.length === 0) throw missing("AlarmNames");
  names.forEach((name, i) => {
    if (name === "" || name.length > 255) {
      throw invalid(`AlarmNames.member.${i + 1}`, "must have length between 1 and 255.");
    }
  });
  ctx.fleet.deleteMetricAlarms(ctx.caller.account.id, ctx.region, names);
}
