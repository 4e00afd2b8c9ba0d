"use client";

import type { ReactNode } from "react";
import type { ChangeOutcome, ItemResult } from "@/lib/changes/audited-call";
import { Badge, type BadgeTone } from "./badge";
import { DataTable, type DataTableColumn, type RowAttributes } from "./data-table";

const OUTCOME_TONE: Record<ChangeOutcome, BadgeTone> = {
  succeeded: "success",
  failed: "danger",
  denied: "danger",
  refused: "warning",
};

type ResultRow = Pick<ItemResult<unknown>, "outcome" | "errorCode" | "message" | "awsRequestId">;

/**
 * A change's result per item: the caller's leading columns (what was changed), then the outcome
 * and its details: AWS's error code and message, or `succeeded(row)`, and the request id.
 */
export function ChangeResultsTable<Row extends ResultRow>({
  caption,
  rows,
  rowKey,
  leading,
  succeeded,
  rowAttributes,
}: {
  caption: string;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  leading: readonly DataTableColumn<Row>[];
  /** The details of a succeeded row without a message. */
  succeeded: (row: Row) => ReactNode;
  rowAttributes?: (row: Row) => RowAttributes;
}) {
  const columns: DataTableColumn<Row>[] = [
    ...leading,
    {
      id: "result",
      header: "Result",
      cell: (row) => <Badge tone={OUTCOME_TONE[row.outcome]}>{row.outcome}</Badge>,
    },
    {
      id: "details",
      header: "Details",
      cell: (row) => (
        <>
          {row.errorCode ? <strong className="mono">{row.errorCode}</strong> : null}{" "}
          {row.message ?? (row.outcome === "succeeded" ? succeeded(row) : null)}
          {row.awsRequestId ? <span className="cell-sub">
              request <span className="mono id">{row.awsRequestId}</span>
            </span> : null}
        </>
      ),
    },
  ];
  return <DataTable caption={caption} columns={columns} rows={rows} rowKey={rowKey} rowAttributes={rowAttributes} />;
}
