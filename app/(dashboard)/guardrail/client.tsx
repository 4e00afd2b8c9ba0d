"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { ExportLink } from "@/components/ui/table-links";
import { SelectFilter, TextFilter } from "@/components/ui/filter-fields";
import { Skeleton } from "@/components/ui/skeleton";
import { PolicyTable } from "@/components/guardrail/policy-table";
import { WaiveDialog, type WaiveTarget } from "@/components/guardrail/waive-dialog";
import { WAIVER_STATES } from "@/lib/contracts/waiver-states";
import { utcDay } from "@/lib/domain/time";
import { POLICY_IDS } from "@/lib/terraform-guard/policies";
import { violationCount } from "@/lib/terraform-guard/summary";
import { createWaiver, evaluatePlan, listWaivers, revokeWaiver } from "./queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { WaiverRecord } from "@/lib/db/write/guard-waivers";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";
import { useNow } from "@/app/_client/use-now";
import { guardrailSearchParams, waiverListQuery } from "./search-params";
import { QueryState } from "@/app/_client/query-state";

function WaiverFilters() {
  const [view, setView] = useQueryStates(guardrailSearchParams);
  return (
    <form className="filters" role="search" aria-label="Waiver filters" onSubmit={(event) => event.preventDefault()}>
      <SelectFilter
        label="State"
        value={view.state}
        options={WAIVER_STATES}
        onChange={(state) => void setView({ state })}
      />
      <SelectFilter
        label="Policy"
        value={POLICY_IDS.find((policy) => policy === view.policy) ?? null}
        options={POLICY_IDS}
        onChange={(policy) => void setView({ policy })}
      />
      <TextFilter label="Owner" value={view.owner} placeholder="name" onChange={(owner) => void setView({ owner })} />
      <TextFilter
        label="Resource"
        value={view.address}
        placeholder="part of the address"
        onChange={(address) => void setView({ address })}
      />
    </form>
  );
}

const STATE_TONE = { active: "success", expired: "neutral", revoked: "neutral" } as const;

function WaiverList({ canChange, onChanged }: { canChange: boolean; onChanged: () => void }) {
  const [view] = useQueryStates(guardrailSearchParams);
  const queryClient = useQueryClient();
  const query = waiverListQuery(view);
  const waivers = useQuery({
    queryKey: queryKeys.guardWaivers(query),
    queryFn: () => listWaivers(query),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeWaiver(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.guardWaiversAll });
      onChanged();
    },
  });
  const rows: WaiverRecord[] = waivers.data ?? [];
  const columns: DataTableColumn<WaiverRecord>[] = [
    {
      id: "resource",
      header: "Policy / resource",
      className: "break-anywhere",
      cell: (waiver) => (
        <>
          <span className="mono">{waiver.address}</span>
          <span className="cell-sub mono">{waiver.policy}</span>
        </>
      ),
    },
    { id: "owner", header: "Owner", cell: (waiver) => waiver.owner },
    { id: "reason", header: "Reason", className: "cell-note", cell: (waiver) => waiver.reason },
    { id: "expires", header: "Expires", className: "nowrap", cell: (waiver) => utcDay(waiver.expiresAt) },
    {
      id: "state",
      header: "State",
      cell: (waiver) => (
        <>
          <Badge tone={STATE_TONE[waiver.state]}>{waiver.state}</Badge>
          {waiver.revokedByName ? <span className="cell-sub">by {waiver.revokedByName}</span> : null}
          {canChange && waiver.state === "active" ? (
            <button
              type="button"
              className="link-button"
              disabled={revoke.isPending}
              aria-label={`Revoke waiver ${waiver.id} (${waiver.address})`}
              onClick={() => revoke.mutate(waiver.id)}
            >
              Revoke
            </button>
          ) : null}
        </>
      ),
    },
    {
      id: "created",
      header: "Created",
      cell: (waiver) => (
        <>
          {utcDay(waiver.createdAt)}
          <span className="cell-sub">{waiver.createdByName}</span>
        </>
      ),
    },
  ];
  return (
    <Card title="Waivers">
      <div className="stack">
        <p className="muted note">
          Accepted exceptions, newest first. An expired or revoked waiver stays listed and no longer applies. Every
          waiver and revocation is in the Audit trail.
        </p>
        <WaiverFilters />
        {revoke.error ? <ErrorAlert error={revoke.error} /> : null}
        <QueryState query={waivers} loading={<Skeleton lines={3} label="Loading the waivers" />}>
          {() => (
            <DataTable
              caption="Guardrail waivers"
              className="dense"
              columns={columns}
              rows={rows}
              rowKey={(waiver) => waiver.id}
              rowAttributes={(waiver) => ({ "data-waiver": waiver.id })}
              empty="No waivers match these filters."
              toolbar={
                <span className="muted" aria-live="polite">
                  {rows.length} {rows.length === 1 ? "waiver" : "waivers"}
                </span>
              }
              actions={
                <ExportLink path="/api/guardrail/waivers/export" query={query} filename="guardrail-waivers.csv" />
              }
            />
          )}
        </QueryState>
      </div>
    </Card>
  );
}

export function GuardrailClient() {
  const [view, setView] = useQueryStates(guardrailSearchParams);
  const queryClient = useQueryClient();
  const canChange = useCanChange();
  const planId = useId();
  const fileId = useId();
  const liveId = useId();
  const [plan, setPlan] = useState("");
  const [source, setSource] = useState("pasted plan");
  const [evaluated, setEvaluated] = useState<{ plan: string; source: string; live: boolean } | null>(null);
  const [waiving, setWaiving] = useState<WaiveTarget | null>(null);
  // The Waive dialog proposes an expiry 30 days from today.
  const now = useNow(60_000);

  const evaluation = useMutation({
    mutationFn: (input: { plan: string; source: string; live: boolean }) =>
      evaluatePlan(input.plan, input.source, input.live),
    onSuccess: (_result, input) => setEvaluated(input),
  });
  const reevaluate = () => {
    if (evaluated) evaluation.mutate(evaluated);
  };
  const waive = useMutation({
    mutationFn: createWaiver,
    onSuccess: () => {
      setWaiving(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.guardWaiversAll });
      reevaluate();
    },
  });
  const result = evaluation.data;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Guardrail</h1>
          <p className="muted">
            Check a Terraform plan against the IMDSv2 policies before it is applied: the verdict and trace are the ones{" "}
            <code>npx imds-guard plan.json</code> prints in a pipeline, with this dashboard&apos;s waivers applied.
          </p>
        </div>
      </div>

      <Card title="Plan">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            evaluation.mutate({ plan, source, live: view.live });
          }}
        >
          <label htmlFor={planId}>
            Plan JSON (<code>terraform show -json plan.out</code>)
          </label>
          <textarea
            id={planId}
            className="plan-input"
            spellCheck={false}
            value={plan}
            onChange={(event) => {
              setPlan(event.target.value);
              setSource("pasted plan");
            }}
          />
          <div className="guard-form-row">
            <div className="filter">
              <label htmlFor={fileId}>Or upload the file</label>
              <input
                id={fileId}
                type="file"
                accept=".json,application/json"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (!file) return;
                  void file.text().then((text) => {
                    setPlan(text);
                    setSource(file.name);
                  });
                }}
              />
            </div>
            <label className="checkbox-label" htmlFor={liveId}>
              <input
                id={liveId}
                type="checkbox"
                checked={view.live}
                onChange={(event) => void setView({ live: event.target.checked || null })}
              />
              Use collected regional defaults and AMI ImdsSupport (live context)
            </label>
            <button type="submit" className="button" disabled={evaluation.isPending}>
              {evaluation.isPending ? "Evaluating…" : "Evaluate"}
            </button>
          </div>
        </form>
      </Card>

      {evaluation.error ? <ErrorAlert error={evaluation.error} /> : null}

      {result ? (
        <>
          <Card title="Verdict">
            <p role="status" data-testid="guard-verdict">
              <Badge tone={result.report.pass ? "success" : "danger"}>{result.report.pass ? "Pass" : "Fail"}</Badge>{" "}
              {evaluated?.source}:{" "}
              {violationCount(result.report.policies.reduce((sum, policy) => sum + policy.violations.length, 0))},{" "}
              {result.report.policies.reduce((sum, policy) => sum + policy.waived.length, 0)} waived, in{" "}
              {result.report.policies.length} policies{result.report.live ? " (live context on)" : ""}.
            </p>
            {result.report.policies.map((policy) => (
              <PolicyTable
                key={policy.policy}
                result={policy}
                canChange={canChange}
                onWaive={(target) => {
                  waive.reset();
                  setWaiving(target);
                }}
              />
            ))}
          </Card>
          <Card title="Trace">
            <p className="muted note">Exactly what the CLI prints for this plan.</p>
            <pre className="guard-trace mono" data-testid="guard-trace" tabIndex={0} aria-label="Policy trace">
              {result.text}
            </pre>
          </Card>
        </>
      ) : null}

      <WaiverList canChange={canChange} onChanged={reevaluate} />

      {waiving ? (
        <WaiveDialog
          target={waiving}
          now={now}
          busy={waive.isPending}
          error={waive.error ? <ErrorAlert error={waive.error} /> : null}
          onSubmit={(draft) => waive.mutate(draft)}
          onClose={() => setWaiving(null)}
        />
      ) : null}
    </div>
  );
}
