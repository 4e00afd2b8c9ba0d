import { randomUUID } from "node:crypto";
import { deleteRejectedAlarm, findRejectedAlarm, rejectedAlarmName, type RejectedAlarm } from "@/lib/aws/alarms";
import { toAwsFailure, type AwsFailure } from "@/lib/aws/errors";
import { createAuditEntry } from "@/lib/db/write/audit";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { withCloudWatch } from "./cells";
import type { ChangeContext } from "./context";
import { awsError, callAndReadBack, RejectedAlarmInput, requireInstance } from "./create-rejected-alarm";

export interface RemovedRejectedAlarm {
  instanceId: string;
  accountId: string;
  region: string;
  alarmName: string;
  auditId: string;
  /** What DescribeAlarms showed before the call (the audit row's "before"). */
  deleted: RejectedAlarm;
  /** Set when the read-back failed: whether the alarm is gone is then unknown. */
  failure: AwsFailure | null;
  /** False only if DescribeAlarms still lists the alarm after DeleteAlarms succeeded. */
  gone: boolean | null;
}

/**
 * DELETE /api/instances/{id}/alarm: read the alarm (404 when there is none, so the audit log only
 * records real removals) -> audit row (requested) -> DeleteAlarms -> read back -> audit row completed.
 */
export async function removeRejectedAlarm({
  ctx,
  input,
}: {
  ctx: ChangeContext;
  input: unknown;
}): Promise<RemovedRejectedAlarm> {
  const { instanceId } = RejectedAlarmInput.parse(input);
  requireRole(ctx.actor, "operator");
  const instance = await requireInstance(ctx, instanceId);
  const now = () => new Date((ctx.now ?? Date.now)());
  const alarmName = rejectedAlarmName(instanceId);

  let before: RejectedAlarm | null;
  try {
    before = await withCloudWatch(ctx, instance, (cw) => findRejectedAlarm(cw, instanceId));
  } catch (error) {
    throw awsError(toAwsFailure(error), instance, "DescribeAlarms");
  }
  if (!before) {
    throw new AppError(
      "NotFound",
      `Alarm ${alarmName} does not exist in account ${instance.accountId}, ${instance.region}: nothing to remove`,
    );
  }
  const entry = await createAuditEntry(ctx.db.prisma, {
    changeId: randomUUID(),
    requestedAt: now(),
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: "cloudwatch-alarm.delete",
    accountId: instance.accountId,
    region: instance.region,
    instanceId,
    before: { alarm: before.name, state: before.state, alarmActions: before.alarmActions },
    after: { alarm: null },
  });
  await ctx.hooks?.afterAuditWrite?.(entry);

  const readBack = await callAndReadBack(ctx, instance, entry.id, "DeleteAlarms", (cw) =>
    deleteRejectedAlarm(cw, instanceId),
  );
  const failure = readBack.failure;
  const gone = failure ? null : readBack.alarm === null;
  return {
    instanceId,
    accountId: instance.accountId,
    region: instance.region,
    alarmName,
    auditId: entry.id,
    deleted: before,
    failure,
    gone,
  };
}
