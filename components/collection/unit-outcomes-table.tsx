"use client";

import { useId } from "react";
import type { CsvColumn } from "@/lib/contracts/csv";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { unitScopeLabel } from "./region-coverage";
import { UnitStatusBadge } from "./status-badge";
import type { UnitRow } from "./types";
import { UNIT_STATUSES, type UnitStatus } from "@/lib/domain/collection-run";

const columns: DataTableColumn<UnitRow>[] = [
  {
    id: "account",
    header: "Account",
    cell: (row) => (
      <>
        <span className="mono id">{row.accountId}</span>
        {row.accountName ? <span className="cell-sub">{row.accountName}</span> : null}
      </>
    ),
  },
  {
    id: "region",
    header: "Region",
    cell: (row) => {
      const scope = unitScopeLabel(row);
      return (
        <>
          <span className="mono id">{row.region}</span>
          {scope ? <span className="cell-sub">{scope}</span> : null}
        </>
      );
    },
  },
  { id: "status", header: "Status", cell: (row) => <UnitStatusBadge status={row.status} /> },
  { id: "phase", header: "Phase", cell: (row) => row.phase ?? <span className="muted">—</span> },
  { id: "instances", header: "Instances", numeric: true, cell: (row) => row.instances.toLocaleString("en-US") },
  {
    id: "error",
    header: "Error",
    cell: (row) =>
      row.errorCode || row.errorMessage ? (
        <span className="cell-error">
          {row.errorCode ? <code>{row.errorCode}</code> : null} {row.errorMessage}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    id: "duration",
    header: "Duration",
    numeric: true,
    cell: (row) => row.durationText ?? <span className="muted">—</span>,
  },
];

const csvColumns: CsvColumn<UnitRow>[] = [
  { header: "account_id", value: (row) => row.accountId },
  { header: "account_name", value: (row) => row.accountName },
  { header: "region", value: (row) => row.region },
  { header: "kind", value: (row) => row.kind },
  { header: "region_fallback", value: (row) => row.regionFallback },
  { header: "status", value: (row) => row.status },
  { header: "phase", value: (row) => row.phase },
  { header: "instances", value: (row) => row.instances },
  { header: "error_code", value: (row) => row.errorCode },
  { header: "error_message", value: (row) => row.errorMessage },
  { header: "started_at", value: (row) => row.startedAt },
  { header: "finished_at", value: (row) => row.finishedAt },
  { header: "duration_ms", value: (row) => row.durationMs },
];

/** Per account-region outcomes of one run, filterable by status, exportable as CSV. */
export function UnitOutcomesTable({
  runId,
  rows,
  statusFilter,
  onStatusFilterChange,
}: {
  runId: number;
  rows: readonly UnitRow[];
  statusFilter: UnitStatus | null;
  onStatusFilterChange: (status: UnitStatus | null) => void;
}) {
  const selectId = useId();
  const counts = new Map<UnitStatus, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const visible = statusFilter ? rows.filter((row) => row.status === statusFilter) : rows;
  const filename = statusFilter ? `collection-run-${runId}-${statusFilter}.csv` : `collection-run-${runId}.csv`;

  return (
    <DataTable
      caption={`Account-region outcomes of run ${runId}`}
      columns={columns}
      rows={visible}
      rowKey={(row) => `${row.accountId}/${row.region}/${row.kind}`}
      csv={{ filename, columns: csvColumns }}
      toolbar={
        <>
          <label htmlFor={selectId}>Status</label>
          <select
            id={selectId}
            value={statusFilter ?? ""}
            onChange={(event) => {
              const value = event.target.value;
              onStatusFilterChange(UNIT_STATUSES.find((status) => status === value) ?? null);
            }}
          >
            <option value="">All ({rows.length})</option>
            {UNIT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status} ({counts.get(status) ?? 0})
              </option>
            ))}
          </select>
          <span className="muted" aria-live="polite">
            {visible.length} of {rows.length} shown
          </span>
        </>
      }
      empty={
        statusFilter ? (
          <>
            No account-regions with status <strong>{statusFilter}</strong> in this run.{" "}
            <button type="button" className="link-button" onClick={() => onStatusFilterChange(null)}>
              Show all
            </button>
          </>
        ) : (
          "This run has no account-regions yet."
        )
      }
    />
  );
}
