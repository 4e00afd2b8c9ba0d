"use client";

import type { ReactNode } from "react";
import { ChangeDialogFrame } from "@/components/ui/change-dialog-frame";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { InstanceChangeResult, InstanceResult } from "@/lib/changes/enforce-instances";
import type { InstanceEnforcementPreview, InstanceSettings } from "@/lib/changes/preview-instance-enforcement";

const settings = (value: InstanceSettings) =>
  `${value.httpTokens}, hop limit ${value.httpPutResponseHopLimit ?? "not reported"}`;

const OUTCOME_TONE: Record<InstanceResult["outcome"], BadgeTone> = {
  succeeded: "success",
  failed: "danger",
  denied: "danger",
  refused: "warning",
};

function ResultsTable({ result, caption }: { result: InstanceChangeResult; caption: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Account · region</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {result.instances.map((item) => (
            <tr key={item.instanceId} data-instance-id={item.instanceId}>
              <td className="mono">{item.instanceId}</td>
              <td>
                <span className="mono">{item.accountId}</span> · <span className="mono">{item.region}</span>
              </td>
              <td>
                <Badge tone={OUTCOME_TONE[item.outcome]}>{item.outcome}</Badge>
              </td>
              <td>
                {item.errorCode ? <strong className="mono">{item.errorCode}</strong> : null}{" "}
                {item.message ??
                  (item.outcome === "succeeded"
                    ? `${settings(item.before)} → ${settings(item.after)}${item.metadataState ? ` (${item.metadataState})` : ""}`
                    : null)}
                {item.awsRequestId ? <span className="cell-sub mono">request {item.awsRequestId}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  const { toChange, withWarnings } = preview.totals;
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
              <ResultsTable result={result} caption="Result per instance" />
              {rollbackResult ? (
                <>
                  <h3>Rollback</h3>
                  <ResultsTable result={rollbackResult} caption="Rollback result per instance" />
                </>
              ) : null}
            </>
          ) : (
            <>
              <p>
                {toChange} of {preview.totals.selected} selected{" "}
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
                          <span className="mono">{item.instanceId}</span>
                          <span className="cell-sub">{item.name ?? "(no Name tag)"}</span>
                        </td>
                        <td>
                          <span className="mono">{item.accountId}</span> · <span className="mono">{item.region}</span>
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
                          {item.warnings.length === 0 ? (
                            item.excluded ? null : (
                              <Badge tone="success">ready</Badge>
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
          )}
        </>
      }
    />
  );
}
