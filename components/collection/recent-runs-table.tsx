"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { CsvColumn } from "@/lib/contracts/csv";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { regionListingNote } from "./region-coverage";
import { formatRunUnits } from "./run-units-text";
import { RunStatusBadge } from "./status-badge";
import type { RunSummary } from "@/lib/domain/collection-run";

export interface RecentRunRow extends RunSummary {
  startedText: string;
  durationText: string | null;
  href: string;
  selected: boolean;
}

const columns: DataTableColumn<RecentRunRow>[] = [
  {
    id: "id",
    header: "Run",
    cell: (row) => (
      <Link href={row.href} aria-current={row.selected ? "true" : undefined}>
        #{row.id}
      </Link>
    ),
  },
  { id: "status", header: "Status", cell: (row) => <RunStatusBadge status={row.status} /> },
  { id: "trigger", header: "Trigger", cell: (row) => row.trigger },
  {
    id: "started",
    header: "Started",
    cell: (row) => (
      <time dateTime={row.startedAt} title={row.startedAt}>
        {row.startedText}
      </time>
    ),
  },
  { id: "duration", header: "Duration", numeric: true, cell: (row) => row.durationText ?? "—" },
  {
    id: "units",
    header: "Progress",
    numeric: true,
    cell: (row) => {
      const note = regionListingNote(row);
      return (
        <>
          {formatRunUnits(row)}
          {note ? <span className="cell-sub">{note}</span> : null}
        </>
      );
    },
  },
  {
    id: "instances",
    header: "Instances seen",
    numeric: true,
    cell: (row) => row.instancesSeen.toLocaleString("en-US"),
  },
];

const csvColumns: CsvColumn<RecentRunRow>[] = [
  { header: "id", value: (row) => row.id },
  { header: "status", value: (row) => row.status },
  { header: "trigger", value: (row) => row.trigger },
  { header: "mode", value: (row) => row.mode },
  { header: "started_at", value: (row) => row.startedAt },
  { header: "finished_at", value: (row) => row.finishedAt },
  { header: "units_total", value: (row) => row.unitsTotal },
  { header: "units_done", value: (row) => row.unitsDone },
  { header: "units_failed", value: (row) => row.unitsFailed },
  { header: "region_listings_failed", value: (row) => row.regionListingsFailed },
  { header: "accounts_not_attempted", value: (row) => row.accountsNotAttempted },
  { header: "instances_seen", value: (row) => row.instancesSeen },
  { header: "metric_points_written", value: (row) => row.metricPointsWritten },
  { header: "error", value: (row) => row.error },
];

/** Runs, newest first; with `csvFilename` the shown rows can be exported. */
export function RecentRunsTable({
  rows,
  csvFilename,
  toolbar,
  empty = "No collection runs yet.",
}: {
  rows: readonly RecentRunRow[];
  csvFilename?: string;
  toolbar?: ReactNode;
  empty?: ReactNode;
}) {
  return (
    <DataTable
      caption="Recent collection runs"
      columns={columns}
      rows={rows}
      rowKey={(row) => String(row.id)}
      empty={empty}
      toolbar={toolbar}
      csv={csvFilename ? { filename: csvFilename, columns: csvColumns } : undefined}
    />
  );
}
