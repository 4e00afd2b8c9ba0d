import { randomUUID } from "node:crypto";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { findRejectedAlarm, putRejectedAlarm, rejectedAlarmName, type RejectedAlarm } from "@/lib/aws/alarms";
import { toAwsFailure, type AwsFailure } from "@/lib/aws/errors";
import { completeAuditEntry, createAuditEntry } from "@/lib/db/write/audit";
import { findInstanceCell, type InstanceCell } from "@/lib/db/write/instances";
import { instanceIdString } from "@/lib/contracts/query-params";
import { alarmTopicArn } from "@/lib/env";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { withCloudWatch } from "./cells";
import type { ChangeContext } from "./context";

// The one-click CloudWatch alarm on MetadataNoTokenRejected for an instance, notifying the SNS
// topic of ALARM_SNS_TOPIC_ARN (with {region} and {accountId} filled in for the instance).

export const RejectedAlarmInput = z.object({
  instanceId: instanceIdString,
});
export type RejectedAlarmInput = z.infer<typeof RejectedAlarmInput>;

export const ALARM_NOT_CONFIGURED =
  "No SNS topic is configured for alarms: set ALARM_SNS_TOPIC_ARN (e.g. arn:aws:sns:{region}:{accountId}:imds-alerts; " +
  "{region} and {accountId} are replaced with the instance's) and restart the dashboard.";

export interface RejectedAlarmStatus {
  instanceId: string;
  accountId: string;
  region: string;
  alarmName: string;
  /** The topic the alarm notifies (null: ALARM_SNS_TOPIC_ARN is unset). */
  topicArn: string | null;
  configured: boolean;
  alarm: RejectedAlarm | null;
  /** Set when DescribeAlarms failed: whether the alarm exists is unknown. */
  failure: AwsFailure | null;
}

export async function requireInstance(ctx: ChangeContext, instanceId: string): Promise<InstanceCell> {
  const instance = await findInstanceCell(ctx.db.raw, instanceId);
  if (!instance) throw new AppError("NotFound", `Instance ${instanceId} is not known to this dashboard`);
  return instance;
}

export const awsError = (failure: AwsFailure, instance: InstanceCell, what: string) =>
  new AppError(
    "AwsError",
    `${what} failed in account ${instance.accountId}, ${instance.region}: ${failure.code}: ${failure.message}`,
    {
      details: {
        code: failure.code,
        accountId: instance.accountId,
        region: instance.region,
        requestId: failure.requestId ?? null,
      },
    },
  );

/** GET /api/instances/{id}/alarm: does the instance's alarm exist (DescribeAlarms), and could one be made. */
export async function getRejectedAlarmStatus({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<RejectedAlarmStatus> {
  const { instanceId } = RejectedAlarmInput.parse(input);
  const instance = await requireInstance(ctx, instanceId);
  const base = {
    instanceId,
    accountId: instance.accountId,
    region: instance.region,
    alarmName: rejectedAlarmName(instanceId),
    topicArn: ctx.alarmTopicTemplate
      ? alarmTopicArn(ctx.alarmTopicTemplate, instance.accountId, instance.region)
      : null,
    configured: Boolean(ctx.alarmTopicTemplate),
  };
  try {
    return {
      ...base,
      alarm: await withCloudWatch(ctx, instance, (cw) => findRejectedAlarm(cw, instanceId)),
      failure: null,
    };
  } catch (error) {
    return { ...base, alarm: null, failure: toAwsFailure(error) };
  }
}

/**
 * POST /api/instances/{id}/alarm: audit row (requested) -> PutMetricAlarm -> read back with
 * DescribeAlarms -> audit row completed. Idempotent: the alarm has one name per instance and
 * PutMetricAlarm creates or updates it.
 */
export async function createRejectedAlarm({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<RejectedAlarmStatus & { auditId: string; created: boolean }> {
  const { instanceId } = RejectedAlarmInput.parse(input);
  requireRole(ctx.actor, "operator");
  const instance = await requireInstance(ctx, instanceId);
  if (!ctx.alarmTopicTemplate) throw new AppError("Conflict", ALARM_NOT_CONFIGURED);
  const topicArn = alarmTopicArn(ctx.alarmTopicTemplate, instance.accountId, instance.region);
  const now = () => new Date((ctx.now ?? Date.now)());

  let before: RejectedAlarm | null = null;
  try {
    before = await withCloudWatch(ctx, instance, (cw) => findRejectedAlarm(cw, instanceId));
  } catch (error) {
    throw awsError(toAwsFailure(error), instance, "DescribeAlarms");
  }
  const entry = await createAuditEntry(ctx.db.prisma, {
    changeId: randomUUID(),
    requestedAt: now(),
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: "cloudwatch-alarm.create",
    accountId: instance.accountId,
    region: instance.region,
    instanceId,
    before: before ? { alarm: before.name, state: before.state, alarmActions: before.alarmActions } : { alarm: null },
    after: {
      alarm: rejectedAlarmName(instanceId),
      metric: "AWS/EC2 MetadataNoTokenRejected",
      condition: "Sum over 300 s > 0 for 1 period",
      alarmActions: [topicArn],
    },
  });
  await ctx.hooks?.afterAuditWrite?.(entry);

  const { alarm, failure } = await callAndReadBack(ctx, instance, entry.id, "PutMetricAlarm", (cw) =>
    putRejectedAlarm(cw, { instanceId, topicArn }),
  );
  return {
    instanceId,
    accountId: instance.accountId,
    region: instance.region,
    alarmName: rejectedAlarmName(instanceId),
    topicArn,
    configured: true,
    alarm,
    failure,
    auditId: entry.id,
    created: before === null,
  };
}

/**
 * The audited CloudWatch call both alarm changes make: run it (a failure completes the audit row as
 * failed and throws 502 naming the code, account and region), then read the alarm back; a failed
 * read-back is reported, not thrown, since the change itself went through.
 */
export async function callAndReadBack(
  ctx: ChangeContext,
  instance: InstanceCell,
  auditId: string,
  operation: string,
  call: (cw: CloudWatchClient) => Promise<{ requestId: string | null }>,
): Promise<{ alarm: RejectedAlarm | null; failure: AwsFailure | null }> {
  const now = () => new Date((ctx.now ?? Date.now)());
  let requestId: string | null;
  try {
    ({ requestId } = await withCloudWatch(ctx, instance, call));
  } catch (error) {
    const failure = toAwsFailure(error);
    await completeAuditEntry(ctx.db.prisma, auditId, {
      status: "failed",
      completedAt: now(),
      awsRequestId: failure.requestId ?? null,
      errorCode: failure.code,
      errorMessage: failure.message,
    });
    throw awsError(failure, instance, operation);
  }
  let alarm: RejectedAlarm | null = null;
  let failure: AwsFailure | null = null;
  try {
    alarm = await withCloudWatch(ctx, instance, (cw) => findRejectedAlarm(cw, instance.instanceId));
  } catch (error) {
    failure = toAwsFailure(error);
  }
  await completeAuditEntry(ctx.db.prisma, auditId, {
    status: "succeeded",
    completedAt: now(),
    awsRequestId: requestId,
  });
  return { alarm, failure };
}
