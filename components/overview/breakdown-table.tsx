"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { CsvColumn } from "@/lib/contracts/csv";
import { percent } from "@/lib/domain/numbers";
import { windowWords } from "@/lib/domain/overview-figures";

export interface BreakdownTableRow {
  key: string;
  label: string;
  sub?: string | null;
  instances: number;
  required: number;
  optional: number;
  instancesWithV1Calls: number;
  instancesWithRejected: number;
}

const share = (row: BreakdownTableRow) => percent(row.required, row.instances);

/** A short column header with its full meaning as the abbreviation's title (a tooltip). */
const Short = ({ text, full }: { text: string; full: string }) => <abbr title={full}>{text}</abbr>;

/**
 * Count, % IMDSv2-only and instances with IMDSv1 / rejected calls per account, region or team;
 * rows may link to a filter. Short headers keep it inside a half-width card; the window of the
 * call columns is said above the table.
 */
export function BreakdownTable({
  caption,
  keyHeader,
  rows,
  filename,
  windowDays,
  onSelect,
}: {
  caption: string;
  keyHeader: string;
  rows: readonly BreakdownTableRow[];
  filename: string;
  /** The readiness window the call columns count over. */
  windowDays: number;
  onSelect?: (key: string) => void;
}) {
  const window = windowWords(windowDays);
  const count = (value: number) => value.toLocaleString("en-US");
  const columns: DataTableColumn<BreakdownTableRow>[] = [
    {
      id: "key",
      header: keyHeader,
      className: "breakdown-key",
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
          {row.sub ? <span className="cell-sub mono id">{row.sub}</span> : null}
        </>
      ),
    },
    { id: "instances", header: "Instances", numeric: true, cell: (row) => count(row.instances) },
    {
      id: "share",
      header: <Short text="v2-only" full="Share of instances with HttpTokens required (IMDSv2-only)" />,
      numeric: true,
      cell: (row) => {
        const value = share(row);
        return value === null ? "—" : `${value}%`;
      },
    },
    {
      id: "optional",
      header: <Short text="Optional" full="Instances with HttpTokens optional (still accept IMDSv1)" />,
      numeric: true,
      cell: (row) => count(row.optional),
    },
    {
      id: "v1",
      header: <Short text="v1 callers" full={`Instances with IMDSv1 calls, ${window}`} />,
      numeric: true,
      cell: (row) => count(row.instancesWithV1Calls),
    },
    {
      id: "rejected",
      header: <Short text="Rejected" full={`Instances with rejected IMDSv1 calls, ${window}`} />,
      numeric: true,
      cell: (row) => count(row.instancesWithRejected),
    },
  ];
  const csvColumns: CsvColumn<BreakdownTableRow>[] = [
    { header: keyHeader.toLowerCase(), value: (row) => row.key },
    { header: "label", value: (row) => row.label },
    { header: "instances", value: (row) => row.instances },
    { header: "required", value: (row) => row.required },
    { header: "optional", value: (row) => row.optional },
    { header: "v2_only_percent", value: (row) => share(row) },
    { header: `v1_callers_${windowDays}d`, value: (row) => row.instancesWithV1Calls },
    { header: `rejected_${windowDays}d`, value: (row) => row.instancesWithRejected },
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.key}
      className="compact"
      toolbar={
        <p className="table-note">
          v1 callers, Rejected: instances with IMDSv1 calls, with rejected calls, in the {window}.
        </p>
      }
      csv={{ filename, columns: csvColumns }}
      empty="No instances match these filters."
    />
  );
}
