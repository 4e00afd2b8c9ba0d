"use client";

import { Badge } from "@/components/ui/badge";
import type { PlanEvaluation } from "@/lib/guardrail/evaluate-plan";
import type { WaiveTarget } from "./waive-dialog";

type PolicyReport = PlanEvaluation["report"]["policies"][number];

const day = (iso: string) => iso.slice(0, 10);

/** One policy's verdict and its violations (and waived ones); Waive buttons only for operators. */
export function PolicyTable({
  result,
  canChange,
  onWaive,
}: {
  result: PolicyReport;
  canChange: boolean;
  onWaive: (target: WaiveTarget) => void;
}) {
  const rows = [
    ...result.violations.map((finding) => ({ finding, waiver: null })),
    ...result.waived.map((finding) => ({ finding, waiver: finding.waiver })),
  ];
  const label = `Violations of ${result.policy}`;
  return (
    <section className="guard-policy" data-testid={`policy-${result.policy}`}>
      <h3>
        <span className="mono">{result.policy}</span>
        <Badge tone={result.pass ? "success" : "danger"}>{result.pass ? "Pass" : "Fail"}</Badge>
        <span className="muted">
          Security Hub {result.control.id} · {result.checked} checked · {result.violations.length} violations
          {result.waived.length > 0 ? ` · ${result.waived.length} waived` : ""}
        </span>
      </h3>
      {rows.length === 0 ? null : (
        <div className="data-table dense">
          <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
            <table>
              <caption className="visually-hidden">{label}</caption>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Resource address</th>
                  <th scope="col">Result</th>
                  <th scope="col">Why</th>
                  <th scope="col">Waiver</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ finding, waiver }) => (
                  <tr key={finding.address} data-address={finding.address}>
                    <td className="mono break-anywhere">{finding.module}</td>
                    <td className="mono break-anywhere">{finding.address}</td>
                    <td>
                      {waiver ? (
                        <Badge tone="warning">waived</Badge>
                      ) : (
                        <Badge tone="danger">{finding.status === "unknown" ? "unknown until apply" : "failed"}</Badge>
                      )}
                    </td>
                    <td className="cell-note">
                      {finding.reason}
                      {finding.live ? <span className="cell-sub">{finding.live.text}</span> : null}
                    </td>
                    <td className="cell-note">
                      {waiver ? (
                        <>
                          {waiver.owner} until {day(waiver.expiresAt)}
                          <span className="cell-sub">{waiver.reason}</span>
                        </>
                      ) : canChange ? (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Waive ${result.policy} for ${finding.address}`}
                          onClick={() => onWaive({ policy: result.policy, address: finding.address })}
                        >
                          Waive
                        </button>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
