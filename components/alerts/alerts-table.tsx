"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { AlertRecord } from "@/lib/db/write/alerts";
import { ALERT_TYPE_BADGES, type AlertType } from "@/lib/domain/alert-options";
import { formatUtcMinute } from "@/lib/domain/time";
import { pageSelectionState, selectableIds } from "./alert-selection";
import styles from "./alerts.module.css";

export interface AlertSelection {
  chosen: ReadonlySet<string>;
  onChange: (ids: readonly string[], on: boolean) => void;
}

/** The page's header box: ticks every alert on this page that nobody acknowledged yet. */
function SelectPage({ rows, selection }: { rows: readonly AlertRecord[]; selection: AlertSelection }) {
  const state = pageSelectionState(rows, selection.chosen);
  const selectable = selectableIds(rows);
  return (
    <input
      type="checkbox"
      aria-label="Select all unacknowledged alerts on this page"
      checked={state === "all"}
      ref={(box) => {
        if (box) box.indeterminate = state === "some";
      }}
      disabled={selectable.length === 0}
      onChange={(event) => selection.onChange(selectable, event.target.checked)}
    />
  );
}

/** One line: the instance (or account) and region; the rest is in the row's details. */
function Where({ alert }: { alert: AlertRecord }) {
  return (
    <span className={styles.where}>
      {alert.instanceId ? (
        <Link className="mono id" href={`/instances/${alert.instanceId}`}>
          {alert.instanceId}
        </Link>
      ) : alert.accountId ? (
        <span className="mono id">{alert.accountId}</span>
      ) : (
        <span className="muted">—</span>
      )}
      {alert.region ? <span className="mono"> · {alert.region}</span> : null}
    </span>
  );
}

/** The title on one line; opening it shows what the alert found and its facts. */
function AlertDetails({ alert }: { alert: AlertRecord }) {
  const summary = typeof alert.detail.summary === "string" ? alert.detail.summary : null;
  return (
    <details className={styles.details}>
      <summary title={alert.title}>
        <span className={styles.title}>{alert.title}</span>
      </summary>
      <div className={styles.detailBody} data-testid="alert-details">
        {summary ? <p>{summary}</p> : null}
        <p className="muted">
          {alert.accountId ? (
            <>
              Account <span className="mono">{alert.accountId}</span>
              {alert.region ? (
                <>
                  {" "}
                  in <span className="mono">{alert.region}</span>
                </>
              ) : null}
              {" · "}
            </>
          ) : null}
          {alert.team ? `team ${alert.team} · ` : null}
          opened by run #{alert.runId} · last seen {formatUtcMinute(alert.lastSeenAt)}
          {alert.resolvedAt ? ` · resolved ${formatUtcMinute(alert.resolvedAt)}` : null}
          {alert.acknowledgedAt
            ? ` · acknowledged by ${alert.acknowledgedByName ?? "?"} ${formatUtcMinute(alert.acknowledgedAt)}`
            : null}
        </p>
      </div>
    </details>
  );
}

/**
 * Alerts, one line each (details open in place). With `selection` (operators), a first column of
 * checkboxes chooses unacknowledged alerts for a bulk acknowledgement, and each row has its own
 * Acknowledge button (`onAcknowledge`).
 */
export function AlertsTable({
  rows,
  typeLabels,
  selection,
  onAcknowledge,
  acknowledging,
  empty,
  toolbar,
  actions,
}: {
  rows: readonly AlertRecord[];
  /** What each type counts, for the badge's tooltip. */
  typeLabels: Record<AlertType, string>;
  selection: AlertSelection | null;
  onAcknowledge: ((alert: AlertRecord) => void) | null;
  acknowledging: boolean;
  empty: React.ReactNode;
  toolbar: React.ReactNode;
  actions: React.ReactNode;
}) {
  const columns: DataTableColumn<AlertRecord>[] = [
    ...(selection
      ? [
          {
            id: "select",
            header: <SelectPage rows={rows} selection={selection} />,
            className: styles.selectCell,
            cell: (alert: AlertRecord) =>
              alert.acknowledgedAt === null ? (
                <input
                  type="checkbox"
                  aria-label={`Select alert ${alert.id}: ${alert.title}`}
                  checked={selection.chosen.has(alert.id)}
                  onChange={(event) => selection.onChange([alert.id], event.target.checked)}
                />
              ) : null,
          },
        ]
      : []),
    {
      id: "opened",
      header: "Opened (UTC)",
      className: "nowrap",
      cell: (alert) => (
        <time dateTime={alert.openedAt} title={formatUtcMinute(alert.openedAt)}>
          {formatUtcMinute(alert.openedAt).replace(" UTC", "")}
        </time>
      ),
    },
    {
      id: "type",
      header: "Type",
      className: "nowrap",
      cell: (alert) => (
        <Badge tone={alert.severity === "critical" ? "danger" : "warning"} title={typeLabels[alert.type]}>
          {ALERT_TYPE_BADGES[alert.type]}
        </Badge>
      ),
    },
    {
      id: "alert",
      header: "Alert (open for details)",
      className: styles.alertCell,
      cell: (alert) => <AlertDetails alert={alert} />,
    },
    { id: "where", header: "Where", className: "nowrap", cell: (alert) => <Where alert={alert} /> },
    {
      id: "state",
      header: "State",
      className: "nowrap",
      cell: (alert) =>
        alert.state === "open" ? (
          <Badge tone="danger" title={`Open; last seen ${formatUtcMinute(alert.lastSeenAt)}`}>
            open
          </Badge>
        ) : (
          <Badge tone="success" title={alert.resolvedAt ? `Resolved ${formatUtcMinute(alert.resolvedAt)}` : undefined}>
            resolved
          </Badge>
        ),
    },
    {
      id: "acknowledged",
      header: "Acknowledged",
      className: "nowrap",
      cell: (alert) =>
        alert.acknowledgedAt ? (
          <span
            data-testid="acknowledged-by"
            className={styles.ackBy}
            title={`${alert.acknowledgedByName ?? ""}, ${formatUtcMinute(alert.acknowledgedAt)}`}
          >
            {alert.acknowledgedByName}
          </span>
        ) : onAcknowledge ? (
          <button
            type="button"
            className="link-button"
            disabled={acknowledging}
            aria-label={`Acknowledge alert ${alert.id}: ${alert.title}`}
            onClick={() => onAcknowledge(alert)}
          >
            Acknowledge
          </button>
        ) : (
          <span className="muted">not yet</span>
        ),
    },
  ];

  return (
    <DataTable
      caption="Alerts"
      className={`dense ${styles.alertsTable}`}
      columns={columns}
      rows={rows}
      rowKey={(alert) => alert.id}
      rowAttributes={(alert) => ({
        "data-testid": "alert-row",
        "data-alert-id": alert.id,
        "data-type": alert.type,
        "data-state": alert.state,
      })}
      empty={empty}
      toolbar={toolbar}
      actions={actions}
    />
  );
}
