import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
} from "@aws-sdk/client-cloudwatch";

/** The alarm this dashboard creates for an instance (one per instance, so creating is idempotent). */
export const rejectedAlarmName = (instanceId: string) => `imds-rejected-${instanceId}`;

export interface RejectedAlarm {
  name: string;
  arn: string | null;
  state: string | null;
  stateReason: string | null;
  alarmActions: string[];
  updatedAt: string | null;
}

/**
 * PutMetricAlarm on AWS/EC2 MetadataNoTokenRejected for one instance: Sum over 5 minutes > 0 in
 * one period alarms; no data is not breaching (a stopped instance reports nothing).
 */
export async function putRejectedAlarm(
  cloudwatch: CloudWatchClient,
  input: { instanceId: string; topicArn: string },
): Promise<{ name: string; requestId: string | null }> {
  const name = rejectedAlarmName(input.instanceId);
  const reply = await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      AlarmDescription:
        `IMDSv1 calls to ${input.instanceId} are being rejected (HttpTokens=required): something on it still ` +
        "uses IMDSv1 and fails. Created by the IMDSv2 migration dashboard.",
      Namespace: "AWS/EC2",
      MetricName: "MetadataNoTokenRejected",
      Dimensions: [{ Name: "InstanceId", Value: input.instanceId }],
      Statistic: "Sum",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      ActionsEnabled: true,
      AlarmActions: [input.topicArn],
    }),
  );
  return { name, requestId: reply.$metadata.requestId ?? null };
}

/** The instance's alarm as CloudWatch has it, or null when it does not exist. */
export async function findRejectedAlarm(
  cloudwatch: CloudWatchClient,
  instanceId: string,
): Promise<RejectedAlarm | null> {
  const name = rejectedAlarmName(instanceId);
  const reply = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["MetricAlarm"] }));
  const alarm = reply.MetricAlarms?.find((a) => a.AlarmName === name);
  if (!alarm) return null;
  return {
    name,
    arn: alarm.AlarmArn ?? null,
    state: alarm.StateValue ?? null,
    stateReason: alarm.StateReason ?? null,
    alarmActions: alarm.AlarmActions ?? [],
    updatedAt: alarm.AlarmConfigurationUpdatedTimestamp?.toISOString() ?? null,
  };
}

/**
 * DeleteAlarms for the instance's alarm. CloudWatch skips names that do not exist without an error
 * and has no DryRun, so callers read the alarm first to know whether anything was removed.
 */
export async function deleteRejectedAlarm(
  cloudwatch: CloudWatchClient,
  instanceId: string,
): Promise<{ name: string; requestId: string | null }> {
  const name = rejectedAlarmName(instanceId);
  const reply = await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
  return { name, requestId: reply.$metadata.requestId ?? null };
}
