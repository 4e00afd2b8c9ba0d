"use client";

import { Badge } from "@/components/ui/badge";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { utcDay } from "@/lib/domain/time";
import { violationCount } from "@/lib/terraform-guard/summary";
import type { PlanEvaluation } from "@/lib/waivers/evaluate-plan";
import type { WaiveTarget } from "./waive-dialog";

type PolicyReport = PlanEvaluation["report"]["policies"][number];
type Finding = PolicyReport["violations"][number];

interface PolicyRow {
  finding: Finding;
  waiver: PolicyReport["waived"][number]["waiver"] | null;
}

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
  const rows: PolicyRow[] = [
    ...result.violations.map((finding) => ({ finding, waiver: null })),
    ...result.waived.map((finding) => ({ finding, waiver: finding.waiver })),
  ];
  const columns: DataTableColumn<PolicyRow>[] = [
    { id: "module", header: "Module", className: "mono break-anywhere", cell: ({ finding }) => finding.module },
    {
      id: "address",
      header: "Resource address",
      className: "mono break-anywhere",
      cell: ({ finding }) => finding.address,
    },
    {
      id: "result",
      header: "Result",
      cell: ({ finding, waiver }) =>
        waiver ? (
          <Badge tone="warning">waived</Badge>
        ) : (
          <Badge tone="danger">{finding.status === "unknown" ? "unknown until apply" : "failed"}</Badge>
        ),
    },
    {
      id: "why",
      header: "Why",
      className: "cell-note",
      cell: ({ finding }) => (
        <>
          {finding.reason}
          {finding.unknownUntilApply && finding.status !== "unknown" ? (
            <span className="cell-sub">unknown until apply: {finding.unknownUntilApply}</span>
          ) : null}
          {finding.live ? <span className="cell-sub">{finding.live.text}</span> : null}
        </>
      ),
    },
    {
      id: "waiver",
      header: "Waiver",
      className: "cell-note",
      cell: ({ finding, waiver }) =>
        waiver ? (
          <>
            {waiver.owner} until {utcDay(waiver.expiresAt)}
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
        ),
    },
  ];
  return (
    <section className="guard-policy" data-testid={`policy-${result.policy}`}>
      <h3>
        <span className="mono">{result.policy}</span>
        {result.checked === 0 && result.pass ? (
          <Badge tone="neutral">No resources of this type</Badge>
        ) : (
          <Badge tone={result.pass ? "success" : "danger"}>{result.pass ? "Pass" : "Fail"}</Badge>
        )}
        <span className="muted">
          Security Hub {result.control.id} · {result.checked} checked · {violationCount(result.violations.length)}
          {result.waived.length > 0 ? ` · ${result.waived.length} waived` : ""}
        </span>
      </h3>
      {rows.length === 0 ? null : (
        <DataTable
          caption={`Violations of ${result.policy}`}
          className="dense"
          columns={columns}
          rows={rows}
          rowKey={({ finding }) => finding.address}
          rowAttributes={({ finding }) => ({ "data-address": finding.address })}
        />
      )}
    </section>
  );
}
