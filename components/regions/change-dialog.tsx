"use client";

import type { ReactNode } from "react";
import { ChangeDialogFrame } from "@/components/ui/change-dialog-frame";
import { Badge } from "@/components/ui/badge";
import { ChangeResultsTable } from "@/components/ui/change-results-table";
import type { DataTableColumn } from "@/components/ui/data-table";
import type { CellResult, ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { PreviewCell, RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
import { DEFAULT_FIELDS, fieldLabel, type DefaultsSnapshot } from "@/lib/domain/region-defaults";

const show = (value: string | number | null) => (value === null ? "not set" : String(value));

function DefaultsList({ values, changed }: { values: DefaultsSnapshot; changed?: readonly string[] }) {
  return (
    <ul className="defaults-list">
      {DEFAULT_FIELDS.map((field) => (
        <li key={field}>
          {fieldLabel(field)}:{" "}
          <span className={changed?.includes(field) ? "mono changed" : "mono"}>{show(values[field])}</span>
        </li>
      ))}
    </ul>
  );
}

const RESULT_LEADING: DataTableColumn<CellResult>[] = [
  { id: "account", header: "Account", className: "mono id", cell: (cell) => cell.accountId },
  { id: "region", header: "Region", className: "mono id", cell: (cell) => cell.region },
];

/** A regional change's (or undo's) result per account-region. */
export function RegionResultsTable({ result, caption }: { result: ChangeResult; caption: string }) {
  return (
    <ChangeResultsTable
      caption={caption}
      rows={result.cells}
      rowKey={(cell) => `${cell.accountId}/${cell.region}`}
      leading={RESULT_LEADING}
      succeeded={() => "Applied."}
    />
  );
}

/** Per account-region: now and after (changed values marked), and the impact in sentences. */
export function RegionPreviewCells({ cells }: { cells: readonly PreviewCell[] }) {
  return (
    <ul className="preview-cells" aria-label="Impact per account-region">
      {cells.map((cell) => (
        <li key={`${cell.accountId}/${cell.region}`} className="preview-cell">
          <h3>
            <span className="mono id">{cell.accountId}</span> · <span className="mono id">{cell.region}</span>{" "}
            {cell.readOnly ? <Badge tone="warning">read-only</Badge> : null}
          </h3>
          {cell.readOnly ? null : (
            <div className="preview-compare">
              <div>
                <strong>Now</strong>
                <DefaultsList values={cell.current} />
              </div>
              <div>
                <strong>After</strong>
                <DefaultsList values={cell.after} changed={cell.changes} />
              </div>
            </div>
          )}
          <ul className="preview-summary">
            {cell.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * The change's modal: the preview per cell and Confirm, then the per-cell results with Undo.
 * A native <dialog> opened with showModal(): focus is trapped and Escape closes it.
 */
export function ChangeDialog({
  preview,
  conflict,
  result,
  undoResult,
  error,
  applying,
  undoing,
  onConfirm,
  onUndo,
  onClose,
}: {
  preview: RegionDefaultsPreview;
  conflict: string | null;
  result: ChangeResult | null;
  undoResult: ChangeResult | null;
  error: ReactNode;
  applying: boolean;
  undoing: boolean;
  onConfirm: () => void;
  onUndo: () => void;
  onClose: () => void;
}) {
  const changeable = preview.cells.filter((cell) => cell.readOnly === null);
  const succeeded = result?.cells.some((cell) => cell.outcome === "succeeded") ?? false;

  return (
    <ChangeDialogFrame
      id="change-dialog-title"
      title={result ? "Change results" : "Preview: change regional defaults"}
      note={preview.note}
      conflict={conflict}
      error={error}
      done={result !== null}
      succeeded={succeeded}
      undone={undoResult !== null}
      undo={{ label: "Undo this change", busyLabel: "Undoing…", busy: undoing, onClick: onUndo }}
      confirm={{
        label: `Confirm: change ${changeable.length} account-${changeable.length === 1 ? "region" : "regions"}`,
        busy: applying,
        disabled: changeable.length === 0,
        onClick: onConfirm,
      }}
      onClose={onClose}
      body={
        <>
          {result ? (
            <>
              <RegionResultsTable result={result} caption="Result per account-region" />
              {undoResult ? (
                <>
                  <h3>Undo</h3>
                  <RegionResultsTable result={undoResult} caption="Undo result per account-region" />
                </>
              ) : null}
            </>
          ) : (
            <RegionPreviewCells cells={preview.cells} />
          )}
        </>
      }
    />
  );
}
