"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CellResult, ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
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

const OUTCOME_TONE: Record<CellResult["outcome"], BadgeTone> = {
  succeeded: "success",
  failed: "danger",
  denied: "danger",
  refused: "warning",
};

function ResultsTable({ result, caption }: { result: ChangeResult; caption: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Region</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {result.cells.map((cell) => (
            <tr key={`${cell.accountId}/${cell.region}`}>
              <td className="mono">{cell.accountId}</td>
              <td className="mono">{cell.region}</td>
              <td>
                <Badge tone={OUTCOME_TONE[cell.outcome]}>{cell.outcome}</Badge>
              </td>
              <td>
                {cell.errorCode ? <strong className="mono">{cell.errorCode}</strong> : null}{" "}
                {cell.message ?? (cell.outcome === "succeeded" ? "Applied." : null)}
                {cell.awsRequestId ? <span className="cell-sub mono">request {cell.awsRequestId}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  const ref = useRef<HTMLDialogElement>(null);
  // No close() on cleanup: its "close" event would call onClose (React's dev double-mount runs the
  // cleanup at once), and an unmounted <dialog> leaves the top layer by itself.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const changeable = preview.cells.filter((cell) => cell.readOnly === null);
  const succeeded = result?.cells.some((cell) => cell.outcome === "succeeded") ?? false;

  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby="change-dialog-title" onClose={onClose}>
      <h2 id="change-dialog-title">{result ? "Change results" : "Preview: change regional defaults"}</h2>
      <p className="note">{preview.note}</p>
      {conflict ? <Alert code="Conflict">{conflict}</Alert> : null}
      {error}

      {result ? (
        <>
          <ResultsTable result={result} caption="Result per account-region" />
          {undoResult ? (
            <>
              <h3>Undo</h3>
              <ResultsTable result={undoResult} caption="Undo result per account-region" />
            </>
          ) : null}
        </>
      ) : (
        <ul className="preview-cells" aria-label="Impact per account-region">
          {preview.cells.map((cell) => (
            <li key={`${cell.accountId}/${cell.region}`} className="preview-cell">
              <h3>
                <span className="mono">{cell.accountId}</span> · <span className="mono">{cell.region}</span>{" "}
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
      )}

      <div className="page-actions dialog-actions">
        {result ? (
          <>
            {succeeded && !undoResult ? (
              <button type="button" className="button button-secondary" disabled={undoing} onClick={onUndo}>
                {undoing ? "Undoing…" : "Undo this change"}
              </button>
            ) : null}
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" disabled={applying || changeable.length === 0} onClick={onConfirm}>
              {applying
                ? "Applying…"
                : `Confirm: change ${changeable.length} account-${changeable.length === 1 ? "region" : "regions"}`}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
