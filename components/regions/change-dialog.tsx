"use client";

import type { ReactNode } from "react";
import { ChangeDialogFrame } from "@/components/ui/change-dialog-frame";
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
        </>
      }
    />
  );
}
