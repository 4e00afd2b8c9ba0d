"use client";

import type { ReactNode } from "react";
import { ChangeDialogFrame } from "@/components/ui/change-dialog-frame";
import { Badge } from "@/components/ui/badge";
import { ChangeResultsTable } from "@/components/ui/change-results-table";
import type { DataTableColumn } from "@/components/ui/data-table";
import type { InstanceChangeResult, InstanceResult } from "@/lib/changes/enforce-instances";
import type {
  InstanceEnforcementPreview,
  InstanceSettings,
  PreviewInstance,
} from "@/lib/changes/preview-instance-enforcement";

const settings = (value: InstanceSettings) =>
  `${value.httpTokens}, hop limit ${value.httpPutResponseHopLimit ?? "not reported"}`;

const RESULT_LEADING: DataTableColumn<InstanceResult>[] = [
  { id: "instance", header: "Instance", className: "mono id", cell: (item) => item.instanceId },
  {
    id: "where",
    header: "Account · region",
    cell: (item) => (
      <>
        <span className="mono id">{item.accountId}</span> · <span className="mono id">{item.region}</span>
      </>
    ),
  },
];

/** An enforcement's (or rollback's) result per instance. */
export function InstanceResultsTable({ result, caption }: { result: InstanceChangeResult; caption: string }) {
  return (
    <ChangeResultsTable
      caption={caption}
      rows={result.instances}
      rowKey={(item) => item.instanceId}
      rowAttributes={(item) => ({ "data-instance-id": item.instanceId })}
      leading={RESULT_LEADING}
      succeeded={(item) =>
        `${settings(item.before)} → ${settings(item.after)}${item.metadataState ? ` (${item.metadataState})` : ""}`
      }
    />
  );
}

/**
 * Per instance: now -> after, or why it is left out, and the warnings to read first. `okLabel`
 * marks an instance without warnings ("ready" for an enforcement); `status` leads an item's
 * warnings cell (e.g. its DryRun); `selected` names the set in the headline.
 */
export function InstancePreviewTable<Item extends PreviewInstance>({
  preview,
  okLabel = "ready",
  status,
  selected = "selected",
}: {
  preview: { instances: readonly Item[]; totals: InstanceEnforcementPreview["totals"] };
  okLabel?: string | null;
  status?: (item: Item) => ReactNode;
  selected?: string | null;
}) {
  const { toChange, withWarnings } = preview.totals;
  return (
    <>
      <p>
        {toChange} of {preview.totals.selected} {selected ? `${selected} ` : ""}
        {preview.totals.selected === 1 ? "instance" : "instances"} will change
        {withWarnings > 0 ? `; ${withWarnings} with a warning to read first` : ""}.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Preview per instance">
        <table>
          <caption className="visually-hidden">Preview per instance</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Account · region</th>
              <th scope="col">Now → after</th>
              <th scope="col">Warnings</th>
            </tr>
          </thead>
          <tbody>
            {preview.instances.map((item) => (
              <tr key={item.instanceId} data-instance-id={item.instanceId}>
                <td>
                  <span className="mono id">{item.instanceId}</span>
                  <span className="cell-sub">{item.name ?? "(no Name tag)"}</span>
                </td>
                <td>
                  <span className="mono id">{item.accountId}</span> · <span className="mono id">{item.region}</span>
                </td>
                <td>
                  {item.excluded ? (
                    <span className="muted">Left out: {item.excluded}</span>
                  ) : (
                    <>
                      {settings(item.current)} → <strong>{settings(item.after)}</strong>
                    </>
                  )}
                </td>
                <td>
                  {status?.(item)}
                  {item.warnings.length === 0 ? (
                    item.excluded || okLabel === null ? null : (
                      <Badge tone="success">{okLabel}</Badge>
                    )
                  ) : (
                    <ul className="preview-summary">
                      {item.warnings.map((warning) => (
                        <li key={warning}>{warning}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * The enforcement's modal: per instance current -> target with warnings, Confirm, then the
 * per-instance results with Roll back. A native <dialog> opened with showModal().
 */
export function EnforceDialog({
  preview,
  conflict,
  result,
  rollbackResult,
  error,
  applying,
  rollingBack,
  onConfirm,
  onRollback,
  onClose,
}: {
  preview: InstanceEnforcementPreview;
  conflict: string | null;
  result: InstanceChangeResult | null;
  rollbackResult: InstanceChangeResult | null;
  error: ReactNode;
  applying: boolean;
  rollingBack: boolean;
  onConfirm: () => void;
  onRollback: () => void;
  onClose: () => void;
}) {
  const { toChange } = preview.totals;
  const succeeded = result?.instances.some((item) => item.outcome === "succeeded") ?? false;

  return (
    <ChangeDialogFrame
      id="enforce-dialog-title"
      title={result ? "Enforcement results" : "Preview: require IMDSv2"}
      note={preview.note}
      conflict={conflict}
      error={error}
      done={result !== null}
      succeeded={succeeded}
      undone={rollbackResult !== null}
      undo={{ label: "Roll back this change", busyLabel: "Rolling back…", busy: rollingBack, onClick: onRollback }}
      confirm={{
        label: `Confirm: require IMDSv2 on ${toChange} ${toChange === 1 ? "instance" : "instances"}`,
        busy: applying,
        disabled: toChange === 0,
        onClick: onConfirm,
      }}
      onClose={onClose}
      body={
        <>
          {result ? (
            <>
              <InstanceResultsTable result={result} caption="Result per instance" />
              {rollbackResult ? (
                <>
                  <h3>Rollback</h3>
                  <InstanceResultsTable result={rollbackResult} caption="Rollback result per instance" />
                </>
              ) : null}
            </>
          ) : (
            <InstancePreviewTable preview={preview} />
          )}
        </>
      }
    />
  );
}
