import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { RunStatusBadge } from "./status-badge";
import type { Run } from "./types";

export interface RecentRunRow extends Run {
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
    cell: (row) => <time dateTime={row.startedAt} title={row.startedAt}>{row.startedText}</time>,
  },
  { id: "duration", header: "Duration", numeric: true, cell: (row) => row.durationText ?? "—" },
  {
    id: "units",
    header: "Account-regions",
    numeric: true,
    cell: (row) => `${row.unitsDone} / ${row.unitsTotal}${row.unitsFailed ? ` (${row.unitsFailed} failed)` : ""}`,
  },
  { id: "instances", header: "Instances seen", numeric: true, cell: (row) => row.instancesSeen.toLocaleString("en-US") },
];

export function RecentRunsTable({ rows }: { rows: readonly RecentRunRow[] }) {
  return (
    <DataTable
      caption="Recent collection runs"
      columns={columns}
      rows={rows}
      rowKey={(row) => String(row.id)}
      empty="No collection runs yet."
    />
  );
}
