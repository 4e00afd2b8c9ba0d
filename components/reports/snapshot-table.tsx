"use client";

import { Card } from "@/components/ui/card";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { Cell, SnapshotTable as Table } from "@/lib/contracts/report-snapshot";

const show = (cell: Cell | undefined) =>
  cell === null || cell === undefined ? "—" : typeof cell === "number" ? cell.toLocaleString("en-US") : cell;

/** One table of a shared report; its CSV is the server's copy of the snapshot rows. */
export function SnapshotTable({ table, csvHref }: { table: Table; csvHref: string }) {
  const capped = table.total > table.rows.length;
  const kept = table.rows.length.toLocaleString("en-US");
  const columns: DataTableColumn<{ index: number; cells: Cell[] }>[] = table.columns.map((column, index) => ({
    id: column.key,
    header: column.description ? <abbr title={column.description}>{column.label}</abbr> : column.label,
    numeric: column.numeric,
    cell: (row) => show(row.cells[index]),
  }));
  return (
    <Card title={table.title}>
      <div data-testid={`report-table-${table.id}`}>
        <DataTable
          caption={table.title}
          columns={columns}
          rows={table.rows.map((cells, index) => ({ index, cells }))}
          rowKey={(row) => String(row.index)}
          className={table.columns.length > 8 ? "dense" : undefined}
          toolbar={
            <p className="muted">
              {capped
                ? `The first ${kept} of ${table.total.toLocaleString("en-US")} rows (a report keeps at most ${kept}).`
                : `${kept} ${table.rows.length === 1 ? "row" : "rows"}.`}
            </p>
          }
          actions={
            <a className="button button-secondary no-print" href={csvHref} download>
              Download CSV
            </a>
          }
        />
      </div>
    </Card>
  );
}
