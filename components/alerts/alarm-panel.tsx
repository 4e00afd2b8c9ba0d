"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { alertQueryKeys, createInstanceAlarm, getInstanceAlarm } from "@/app/_lib/api-client";
import { ErrorAlert } from "@/app/_lib/error-alert";
import { useCanChange } from "@/app/_lib/identity";

/** Whether the instance has its MetadataNoTokenRejected alarm, and a button to create it. */
export function AlarmPanel({ instanceId }: { instanceId: string }) {
  const queryClient = useQueryClient();
  const canChange = useCanChange();
  const status = useQuery({ queryKey: alertQueryKeys.alarm(instanceId), queryFn: () => getInstanceAlarm(instanceId) });
  const create = useMutation({
    mutationFn: () => createInstanceAlarm(instanceId),
    onSuccess: (result) => queryClient.setQueryData(alertQueryKeys.alarm(instanceId), result),
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
                <span className="mono">{data.alarmName}</span> · state {data.alarm.state ?? "unknown"} · notifies{" "}
                <span className="mono">{data.alarm.alarmActions.join(", ") || "nobody"}</span>
              </>
            ) : data.failure ? (
              <>
                <Badge tone="warning">unknown</Badge> DescribeAlarms failed in account {data.accountId}, {data.region}:{" "}
                <strong className="mono">{data.failure.code}</strong> {data.failure.message}
              </>
            ) : (
              <>
                <Badge>no alarm</Badge> <span className="mono">{data.alarmName}</span> does not exist in{" "}
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
              <span className="muted">
                notifies <span className="mono">{data.topicArn}</span>
              </span>
            </div>
          ) : null}
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
