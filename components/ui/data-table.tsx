"use client";

import type { ReactNode } from "react";
import { toCsv, type CsvColumn } from "@/lib/contracts/csv";
import { downloadText } from "./download";

export interface DataTableColumn<Row> {
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Classes on the column's cells, e.g. "nowrap" or "mono". */
  className?: string;
}

/** Attributes on a body row, e.g. data-* hooks for tests and styles. */
export type RowAttributes = Record<`data-${string}`, string | undefined>;

const cellClass = (column: { numeric?: boolean; className?: string }) =>
  [column.numeric ? "numeric" : null, column.className ?? null].filter(Boolean).join(" ") || undefined;

/**
 * A plain, accessible table. When `csv` is given, an "Export CSV" button writes the rows passed
 * in (the filtered view) with its columns, which may differ from the visible ones.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  csv,
  toolbar,
  actions,
  rowAttributes,
  className,
}: {
  caption: string;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  csv?: { filename: string; columns: readonly CsvColumn<Row>[] };
  toolbar?: ReactNode;
  /** Right of the toolbar, e.g. a server download link instead of the client-side CSV. */
  actions?: ReactNode;
  rowAttributes?: (row: Row) => RowAttributes;
  /** Extra classes on the wrapper, e.g. "dense" for wide tables. */
  className?: string;
}) {
  return (
    <div className={className ? `data-table ${className}` : "data-table"}>
      {toolbar || csv || actions ? (
        <div className="table-toolbar">
          <div className="table-toolbar-left">{toolbar}</div>
          {actions}
          {csv ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => downloadText(csv.filename, toCsv(rows, csv.columns))}
            >
              Export CSV
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.id} scope="col" className={column.numeric ? "numeric" : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="table-empty">
                  {empty ?? "No rows."}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={rowKey(row)} {...rowAttributes?.(row)}>
                  {columns.map((column) => (
                    <td key={column.id} className={cellClass(column)}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
