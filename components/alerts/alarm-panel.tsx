"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ArnList } from "@/components/ui/arn-list";
import { Badge } from "@/components/ui/badge";
import { useModalDialog } from "@/components/ui/change-dialog-frame";
import { createInstanceAlarm, getInstanceAlarm, removeInstanceAlarm } from "@/app/(dashboard)/instances/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { RemovedRejectedAlarm } from "@/lib/changes/remove-rejected-alarm";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";

/** Whether the instance has its MetadataNoTokenRejected alarm, with buttons to create and remove it. */
export function AlarmPanel({ instanceId }: { instanceId: string }) {
  const queryClient = useQueryClient();
  const canChange = useCanChange();
  const status = useQuery({
    queryKey: queryKeys.instanceAlarm(instanceId),
    queryFn: () => getInstanceAlarm(instanceId),
  });
  const create = useMutation({
    mutationFn: () => createInstanceAlarm(instanceId),
    onSuccess: (result) => {
      remove.reset();
      queryClient.setQueryData(queryKeys.instanceAlarm(instanceId), result);
    },
  });
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => removeInstanceAlarm(instanceId),
    onSuccess: () => {
      setConfirming(false);
      create.reset();
      void queryClient.invalidateQueries({ queryKey: queryKeys.instanceAlarm(instanceId) });
    },
  });
  const data = status.data;
  return (
    <div className="stack" data-testid="alarm-panel">
      <p className="muted">
        A CloudWatch alarm on <span className="mono">AWS/EC2 MetadataNoTokenRejected</span> (Sum over 5 minutes &gt; 0)
        tells the team within minutes when something on this instance still calls IMDSv1 and is refused.
      </p>
      {status.isError ? <ErrorAlert error={status.error} onRetry={() => void status.refetch()} /> : null}
      {data ? (
        <>
          <p data-testid="alarm-state">
            {data.alarm ? (
              <>
                <Badge tone={data.alarm.state === "ALARM" ? "danger" : "success"}>alarm exists</Badge>{" "}
                <span className="mono id">{data.alarmName}</span> · state {data.alarm.state ?? "unknown"} · notifies{" "}
                <ArnList arns={data.alarm.alarmActions} />
              </>
            ) : data.failure ? (
              <>
                <Badge tone="warning">unknown</Badge> DescribeAlarms failed in account {data.accountId}, {data.region}:{" "}
                <strong className="mono">{data.failure.code}</strong> {data.failure.message}
              </>
            ) : (
              <>
                <Badge>no alarm</Badge> <span className="mono id">{data.alarmName}</span> does not exist in{" "}
                {data.accountId} {data.region}.
              </>
            )}
          </p>
          {!data.configured ? (
            <p className="note" data-testid="alarm-not-configured">
              To create alarms, set <span className="mono">ALARM_SNS_TOPIC_ARN</span> to the SNS topic they notify, e.g.{" "}
              <span className="mono">
                arn:aws:sns:{"{region}"}:{"{accountId}"}:imds-alerts
              </span>{" "}
              (SNS topics are regional: the placeholders become the instance&apos;s), and restart the dashboard.
            </p>
          ) : canChange ? (
            <div>
              <button
                type="button"
                className="button"
                disabled={create.isPending}
                onClick={() => create.mutate()}
                data-testid="create-alarm"
              >
                {create.isPending ? "Creating…" : data.alarm ? "Update CloudWatch alarm" : "Create CloudWatch alarm"}
              </button>{" "}
              {data.alarm ? (
                <>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={remove.isPending}
                    onClick={() => setConfirming(true)}
                    data-testid="remove-alarm"
                  >
                    Remove alarm
                  </button>{" "}
                </>
              ) : null}
              <span className="muted">
                notifies <ArnList arns={data.topicArn ? [data.topicArn] : []} />
              </span>
            </div>
          ) : null}
          {confirming && data.alarm ? (
            <RemoveAlarmDialog
              alarmName={data.alarmName}
              accountId={data.accountId}
              region={data.region}
              alarmActions={data.alarm.alarmActions}
              busy={remove.isPending}
              error={remove.error}
              onConfirm={() => remove.mutate()}
              onClose={() => {
                setConfirming(false);
                remove.reset();
              }}
            />
          ) : null}
          {remove.data ? <RemovedNote removed={remove.data} /> : null}
          {create.error ? <ErrorAlert error={create.error} /> : null}
          {create.data ? (
            <p role="status" className="note" data-testid="alarm-result">
              {create.data.created ? "Created" : "Updated"} {create.data.alarmName} in {create.data.accountId}{" "}
              {create.data.region} (audit #{create.data.auditId}).
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** The confirmation before DeleteAlarms: what goes, where, and that CloudWatch cannot rehearse it. */
function RemoveAlarmDialog({
  alarmName,
  accountId,
  region,
  alarmActions,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  alarmName: string;
  accountId: string;
  region: string;
  alarmActions: string[];
  busy: boolean;
  error: Error | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby="remove-alarm-title" onClose={onClose}>
      <h2 id="remove-alarm-title">Remove CloudWatch alarm</h2>
      <p>
        Deletes <span className="mono id">{alarmName}</span> in account <span className="id">{accountId}</span>,{" "}
        <span className="id">{region}</span> (DeleteAlarms). It stops notifying <ArnList arns={alarmActions} />.
      </p>
      <p className="note" data-testid="remove-alarm-no-dry-run">
        CloudWatch has no DryRun for DeleteAlarms, so this cannot be rehearsed: the alarm is removed as soon as you
        confirm. The removal is written to the audit log; create the alarm again from this page if you need it back.
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      <div className="page-actions dialog-actions">
        <button type="button" className="button" disabled={busy} onClick={onConfirm} data-testid="confirm-remove-alarm">
          {busy ? "Removing…" : "Remove alarm"}
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

function RemovedNote({ removed }: { removed: RemovedRejectedAlarm }) {
  return (
    <p role="status" className="note" data-testid="alarm-removed">
      Removed {removed.alarmName} from {removed.accountId} {removed.region} (audit #{removed.auditId})
      {removed.failure
        ? `; reading it back failed (${removed.failure.code}), so check that it is gone.`
        : removed.gone === false
          ? "; CloudWatch still lists it, check again shortly."
          : "."}
    </p>
  );
}
