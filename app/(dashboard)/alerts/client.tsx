"use client";

import { formatUtcMinute } from "@/lib/domain/time";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { WebhooksSection } from "@/components/alerts/webhooks-section";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { CursorPager, ExportLink } from "@/components/ui/table-links";
import { SelectFilter, TextFilter } from "@/components/ui/filter-fields";
import { Skeleton } from "@/components/ui/skeleton";
import { ALERT_STATES, ALERT_TYPE_LABELS, ALERT_TYPES } from "@/lib/domain/alert-options";
import { acknowledgeAlert, alertQueryKeys, listAlertsPage, type AlertRecord } from "../../_lib/api-client";
import { ErrorAlert } from "../../_lib/error-alert";
import { useCanChange } from "../../_lib/identity";
import { alertsFilterQuery, alertsListQuery, alertsSearchParams } from "./search-params";

function Where({ alert }: { alert: AlertRecord }) {
  return (
    <>
      {alert.instanceId ? (
        <Link className="mono" href={`/instances/${alert.instanceId}`}>
          {alert.instanceId}
        </Link>
      ) : null}
      {alert.accountId ? (
        <span className={alert.instanceId ? "cell-sub mono" : "mono"}>
          {alert.accountId} {alert.region}
        </span>
      ) : null}
      {alert.team ? <span className="cell-sub">team {alert.team}</span> : null}
    </>
  );
}

export function AlertsClient() {
  const [view, setView] = useQueryStates(alertsSearchParams);
  const queryClient = useQueryClient();
  const listQuery = alertsListQuery(view);
  const alerts = useQuery({
    queryKey: alertQueryKeys.alerts(listQuery),
    queryFn: () => listAlertsPage(listQuery),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const canChange = useCanChange();
  const acknowledge = useMutation({
    mutationFn: (id: string) => acknowledgeAlert(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertQueryKeys.alertsAll }),
  });
  const setFilter = (patch: Partial<typeof view>) => void setView({ ...patch, cursor: null });
  const exportQuery = alertsFilterQuery(view).toString();
  const rows = alerts.data?.alerts ?? [];
  const filtered = exportQuery !== "";
  const columns: DataTableColumn<AlertRecord>[] = [
    {
      id: "opened",
      header: "Opened",
      className: "nowrap",
      cell: (alert) => (
        <>
          {formatUtcMinute(alert.openedAt)}
          <span className="cell-sub">run #{alert.runId}</span>
        </>
      ),
    },
    {
      id: "type",
      header: "Type",
      cell: (alert) => (
        <Badge tone={alert.severity === "critical" ? "danger" : "warning"}>{ALERT_TYPE_LABELS[alert.type]}</Badge>
      ),
    },
    {
      id: "alert",
      header: "Alert",
      className: "cell-note",
      cell: (alert) => (
        <>
          <strong>{alert.title}</strong>
          {typeof alert.detail.summary === "string" ? <span className="cell-sub">{alert.detail.summary}</span> : null}
        </>
      ),
    },
    { id: "where", header: "Where", cell: (alert) => <Where alert={alert} /> },
    {
      id: "state",
      header: "State",
      className: "nowrap",
      cell: (alert) =>
        alert.state === "open" ? (
          <>
            <Badge tone="danger">open</Badge>
            <span className="cell-sub">last seen {formatUtcMinute(alert.lastSeenAt)}</span>
          </>
        ) : (
          <>
            <Badge tone="success">resolved</Badge>
            <span className="cell-sub">{alert.resolvedAt ? formatUtcMinute(alert.resolvedAt) : null}</span>
          </>
        ),
    },
    {
      id: "acknowledged",
      header: "Acknowledged",
      cell: (alert) =>
        alert.acknowledgedAt ? (
          <span data-testid="acknowledged-by">
            {alert.acknowledgedByName}
            <span className="cell-sub">{formatUtcMinute(alert.acknowledgedAt)}</span>
          </span>
        ) : canChange ? (
          <button
            type="button"
            className="link-button"
            disabled={acknowledge.isPending}
            aria-label={`Acknowledge alert ${alert.id}: ${alert.title}`}
            onClick={() => acknowledge.mutate(alert.id)}
          >
            Acknowledge
          </button>
        ) : (
          <span className="muted">not yet</span>
        ),
    },
  ];

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted">
            Judged after every collection run: IMDSv1 calls rejected (MetadataNoTokenRejected), IMDSv1 calls on an
            instance that was done, regional defaults changed outside this dashboard, and failed or partial runs. An
            alert fires once when its condition appears, stays open while it holds and resolves when it clears.
          </p>
        </div>
        {alerts.data ? (
          <p data-testid="open-unacknowledged">
            <Badge tone={alerts.data.openUnacknowledged > 0 ? "danger" : "success"}>
              {alerts.data.openUnacknowledged} open, not acknowledged
            </Badge>
          </p>
        ) : null}
      </div>

      <form className="filters" role="search" aria-label="Alert filters" onSubmit={(event) => event.preventDefault()}>
        <SelectFilter
          label="State"
          value={view.state}
          options={ALERT_STATES}
          onChange={(state) => setFilter({ state })}
        />
        <SelectFilter
          label="Type"
          value={view.type}
          options={ALERT_TYPES}
          labels={ALERT_TYPE_LABELS}
          onChange={(type) => setFilter({ type })}
        />
        <TextFilter
          key={`account-${view.account ?? ""}`}
          label="Account"
          value={view.account}
          placeholder="12-digit id"
          onChange={(account) => setFilter({ account })}
        />
        <TextFilter
          key={`region-${view.region ?? ""}`}
          label="Region"
          value={view.region}
          placeholder="e.g. eu-west-1"
          onChange={(region) => setFilter({ region })}
        />
      </form>

      {acknowledge.error ? <ErrorAlert error={acknowledge.error} /> : null}
      {alerts.isError ? (
        <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data === undefined ? (
        <Card>
          <Skeleton lines={6} label="Loading alerts" />
        </Card>
      ) : (
        <Card>
          <DataTable
            caption="Alerts"
            className="dense"
            columns={columns}
            rows={rows}
            rowKey={(alert) => alert.id}
            rowAttributes={(alert) => ({
              "data-testid": "alert-row",
              "data-type": alert.type,
              "data-state": alert.state,
            })}
            empty={
              <span data-testid="alerts-empty">
                {filtered
                  ? "No alerts match these filters."
                  : "No alerts yet. They are judged after every collection run; nothing has gone wrong so far."}
              </span>
            }
            toolbar={
              <span className="muted" aria-live="polite">
                {rows.length} {rows.length === 1 ? "alert" : "alerts"} on this page
              </span>
            }
            actions={<ExportLink path="/api/alerts/export" query={exportQuery} filename="alerts.csv" />}
          />
          <CursorPager
            cursor={view.cursor}
            nextCursor={alerts.data.nextCursor}
            olderLabel="Older alerts"
            onPage={(cursor) => void setView({ cursor })}
          />
        </Card>
      )}

      <WebhooksSection />
    </div>
  );
}
