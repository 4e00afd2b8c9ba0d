"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { CsvColumn } from "@/lib/csv";
import { percent } from "@/lib/domain/numbers";

export interface BreakdownTableRow {
  key: string;
  label: string;
  sub?: string | null;
  instances: number;
  required: number;
  optional: number;
  v1Callers7d: number;
  rejected7d: number;
}

const share = (row: BreakdownTableRow) => percent(row.required, row.instances);

/** Count, % IMDSv2-only and IMDSv1 callers per account, region or team; rows may link to a filter. */
export function BreakdownTable({
  caption,
  keyHeader,
  rows,
  filename,
  onSelect,
}: {
  caption: string;
  keyHeader: string;
  rows: readonly BreakdownTableRow[];
  filename: string;
  onSelect?: (key: string) => void;
}) {
  const columns: DataTableColumn<BreakdownTableRow>[] = [
    {
      id: "key",
      header: keyHeader,
      cell: (row) => (
        <>
          {onSelect ? (
            <button
              type="button"
              className="link-button"
              onClick={() => onSelect(row.key)}
              title={`Filter by ${row.label}`}
            >
              {row.label}
            </button>
          ) : (
            row.label
          )}
          {row.sub ? <span className="cell-sub mono">{row.sub}</span> : null}
        </>
      ),
    },
    { id: "instances", header: "Instances", numeric: true, cell: (row) => row.instances.toLocaleString("en-US") },
    {
      id: "share",
      header: "IMDSv2-only",
      numeric: true,
      cell: (row) => {
        const value = share(row);
        return value === null ? "—" : `${value}%`;
      },
    },
    { id: "optional", header: "Optional", numeric: true, cell: (row) => row.optional.toLocaleString("en-US") },
    { id: "v1", header: "IMDSv1 callers, 7 d", numeric: true, cell: (row) => row.v1Callers7d.toLocaleString("en-US") },
    { id: "rejected", header: "Rejected, 7 d", numeric: true, cell: (row) => row.rejected7d.toLocaleString("en-US") },
  ];
  const csvColumns: CsvColumn<BreakdownTableRow>[] = [
    { header: keyHeader.toLowerCase(), value: (row) => row.key },
    { header: "label", value: (row) => row.label },
    { header: "instances", value: (row) => row.instances },
    { header: "required", value: (row) => row.required },
    { header: "optional", value: (row) => row.optional },
    { header: "v2_only_percent", value: (row) => share(row) },
    { header: "v1_callers_7d", value: (row) => row.v1Callers7d },
    { header: "rejected_7d", value: (row) => row.rejected7d },
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.key}
      csv={{ filename, columns: csvColumns }}
      empty="No instances match these filters."
    />
  );
}
