"use client";

import type { ReactNode } from "react";
import { InstancePreviewTable, InstanceResultsTable } from "@/components/instances/enforce-dialog";
import { RegionPreviewCells, RegionResultsTable } from "@/components/regions/change-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ChangeDialogFrame } from "@/components/ui/change-dialog-frame";
import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { UndoPreview } from "@/lib/changes/preview-undo";

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The confirm button's words: exactly what will be sent to AWS. */
export function undoConfirmLabel(preview: UndoPreview): string {
  return preview.kind === "region-defaults"
    ? `Confirm: undo on ${count(preview.totals.toChange, "account-region")}`
    : `Confirm: roll back ${count(preview.totals.toChange, "instance")}`;
}

/** Nothing can be sent (every item read-only or left out). */
const nothingToSend = (preview: UndoPreview) => preview.totals.toChange === 0;

/**
 * The Audit page's Undo: the preview of the undo (a regional change per account-region, an
 * enforcement per instance, with each DryRun), Confirm / Cancel, then the results. The same frame
 * and preview parts as the forward change; Cancel changes nothing.
 */
export function UndoDialog({
  preview,
  result,
  error,
  confirming,
  onConfirm,
  onClose,
}: {
  preview: UndoPreview;
  result: ChangeResult | InstanceChangeResult | null;
  error: ReactNode;
  confirming: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const regional = preview.kind === "region-defaults";
  const short = preview.changeId.slice(0, 8);
  const denied = preview.totals.denied;
  const succeeded =
    result !== null &&
    ("cells" in result ? result.cells : result.instances).some((item) => item.outcome === "succeeded");

  return (
    <ChangeDialogFrame
      id="undo-dialog-title"
      title={
        result
          ? `${regional ? "Undo" : "Rollback"} results: change ${short}`
          : `Preview: ${regional ? "undo" : "roll back"} change ${short}`
      }
      note={
        result
          ? `What AWS answered for each ${regional ? "account-region" : "instance"}; every row is in the audit trail, marked as undoing change ${short}.`
          : preview.note
      }
      conflict={null}
      error={error}
      done={result !== null}
      succeeded={succeeded}
      undone={false}
      confirm={{
        label: undoConfirmLabel(preview),
        busyLabel: regional ? "Undoing…" : "Rolling back…",
        busy: confirming,
        disabled: nothingToSend(preview),
        onClick: onConfirm,
      }}
      onClose={onClose}
      body={
        result ? (
          "cells" in result ? (
            <RegionResultsTable result={result} caption="Undo result per account-region" />
          ) : (
            <InstanceResultsTable result={result} caption="Rollback result per instance" />
          )
        ) : (
          <div data-testid="undo-preview" data-kind={preview.kind}>
            {denied > 0 ? (
              <Alert code="DryRun refused">
                AWS refused the DryRun for {regional ? count(denied, "account-region") : count(denied, "instance")}:
                confirming would fail there (see below); the others would be changed.
              </Alert>
            ) : null}
            {preview.leftOut.length > 0 ? (
              <div data-testid="undo-left-out">
                <p>Not part of this {regional ? "undo" : "rollback"}, left as they are:</p>
                <ul className="preview-summary">
                  {preview.leftOut.map((row) => (
                    <li key={`${row.instanceId ?? ""}/${row.accountId}/${row.region}`}>
                      {row.instanceId ? <span className="mono">{row.instanceId} </span> : null}
                      <span className="mono">{row.accountId}</span> · <span className="mono">{row.region}</span>:{" "}
                      {row.reason}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {preview.kind === "region-defaults" ? (
              <RegionPreviewCells cells={preview.cells} />
            ) : (
              <InstancePreviewTable
                preview={preview}
                okLabel={null}
                selected={null}
                status={(item) => (item.dryRun?.allowed ? <Badge tone="success">DryRun ok</Badge> : null)}
              />
            )}
          </div>
        )
      }
    />
  );
}
