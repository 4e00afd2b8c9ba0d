"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useEffect, useRef } from "react";
import { RecentRunsTable, type RecentRunRow } from "@/components/collection/recent-runs-table";
import { RunProgress } from "@/components/collection/run-progress";
import { UnitOutcomesTable } from "@/components/collection/unit-outcomes-table";
import type { UnitRow } from "@/components/collection/types";
import { Alert } from "@/components/ui/alert";
import { Card, StatCard } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError, queryKeys, startRun, type Run, type Status } from "../_lib/api-client";
import { durationMs, formatAgo, formatDuration, formatInteger, percent } from "../_lib/format";
import { recentRunsQuery, runQuery, statusQuery } from "../_lib/queries";
import { useNow } from "../_lib/use-now";
import { overviewSearchParams } from "./search-params";

const RECENT_RUNS = 10;

function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const code = error instanceof ApiError ? error.code : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      code={code}
      action={
        onRetry ? (
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        ) : undefined
      }
    >
      {message}
    </Alert>
  );
}

export function OverviewClient({ renderedAt }: { renderedAt: number }) {
  const [params, setParams] = useQueryStates(overviewSearchParams);
  const queryClient = useQueryClient();
  const now = useNow(5_000, renderedAt);

  const status = useQuery(statusQuery());
  const runs = useQuery(recentRunsQuery(RECENT_RUNS));
  const latestRun = status.data?.lastRun ?? null;
  const selectedRunId = params.run ?? latestRun?.id ?? null;
  const run = useQuery({ ...runQuery(selectedRunId ?? 0), enabled: selectedRunId !== null });

  // The freshest view of the latest run: its own detail query polls every second while running.
  const latestDetail = run.data && latestRun && run.data.id === latestRun.id ? run.data : null;
  const latestStatus = latestDetail?.status ?? latestRun?.status;
  const collecting = latestStatus === "running";

  const collect = useMutation({
    mutationFn: startRun,
    onSuccess: async (started: Run) => {
      queryClient.setQueryData<Status>(queryKeys.status, (old) => (old ? { ...old, lastRun: started } : old));
      await setParams({ run: null });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.status }),
        queryClient.invalidateQueries({ queryKey: queryKeys.runsAll }),
      ]);
    },
    onError: (error) => {
      // A 409 means someone else's run is going: show it instead of ours.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.status });
      }
    },
  });

  // When a run stops, the totals, freshness and run list it produced are due for a reload, and a
  // "run already in progress" message about it no longer applies.
  const previousRunState = useRef<string | null>(null);
  const resetCollect = collect.reset;
  useEffect(() => {
    const state = run.data ? `${run.data.id}:${run.data.status}` : null;
    const before = previousRunState.current;
    previousRunState.current = state;
    if (before && state && before.endsWith(":running") && !state.endsWith(":running")) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.status });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runsAll });
      resetCollect();
    }
  }, [run.data, queryClient, resetCollect]);

  const collectButton = (
    <button
      type="button"
      className="button"
      onClick={() => collect.mutate()}
      disabled={collect.isPending || collecting || status.isPending}
      aria-describedby={collecting ? "collect-hint" : undefined}
    >
      {collect.isPending ? "Starting…" : collecting ? "Collecting…" : "Collect now"}
    </button>
  );

  if (status.isPending) {
    return (
      <div className="stack">
        <h1>Overview</h1>
        <Card>
          <Skeleton lines={3} label="Loading totals" />
        </Card>
        <Card>
          <Skeleton lines={5} label="Loading the latest collection run" />
        </Card>
      </div>
    );
  }

  if (status.isError) {
    return (
      <div className="stack">
        <h1>Overview</h1>
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      </div>
    );
  }

  const { totals } = status.data;
  const neverCollected = latestRun === null;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            {status.data.mode === "simulator" ? "Simulated AWS fleet" : status.data.modeLabel}
            {neverCollected
              ? ""
              : ` · ${status.data.accounts.length} ${status.data.accounts.length === 1 ? "account" : "accounts"} · ${
                  totals.regions
                } ${totals.regions === 1 ? "account-region" : "account-regions"} collected`}
          </p>
        </div>
        {neverCollected ? null : (
          <div className="page-actions">
            {collecting ? (
              <span id="collect-hint" className="muted">
                A collection run is in progress
              </span>
            ) : null}
            {collectButton}
          </div>
        )}
      </div>

      {collect.error ? <ErrorAlert error={collect.error} /> : null}

      {neverCollected ? (
        <section className="card empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">No data yet — Collect now</h2>
          <p>
            Nothing has been collected from {status.data.modeLabel} yet. A collection reads every instance&apos;s
            metadata options and IMDS call metrics in each account and region.
          </p>
          {collectButton}
        </section>
      ) : (
        <>
          <TotalsCards status={status.data} />

          <Card title={params.run ? `Collection run #${params.run}` : "Latest collection run"}>
            {params.run ? (
              <p className="muted">
                Showing an earlier run.{" "}
                <button type="button" className="link-button" onClick={() => void setParams({ run: null })}>
                  Show the latest run
                </button>
              </p>
            ) : null}
            {run.isPending ? (
              <Skeleton lines={5} label="Loading the collection run" />
            ) : run.isError ? (
              <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />
            ) : (
              <>
                <RunProgress
                  run={run.data}
                  startedText={formatAgo(run.data.startedAt, now)}
                  durationText={formatDuration(
                    run.data.startedAt,
                    run.data.finishedAt ?? (run.data.status === "running" ? new Date(now).toISOString() : null),
                  )}
                />
                <h3 className="section-title">Outcomes by account and region</h3>
                <UnitOutcomesTable
                  runId={run.data.id}
                  rows={run.data.units.map((unit): UnitRow => ({
                    ...unit,
                    accountName: status.data.accounts.find((account) => account.id === unit.accountId)?.name ?? null,
                    durationMs: durationMs(unit.startedAt, unit.finishedAt),
                    durationText: formatDuration(unit.startedAt, unit.finishedAt),
                  }))}
                  statusFilter={params.status}
                  onStatusFilterChange={(value) => void setParams({ status: value })}
                />
              </>
            )}
          </Card>

          <Card title="Recent runs">
            {runs.isPending ? (
              <Skeleton lines={3} label="Loading recent runs" />
            ) : runs.isError ? (
              <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />
            ) : (
              <RecentRunsTable
                rows={runs.data.map(
                  (item): RecentRunRow => ({
                    ...item,
                    startedText: formatAgo(item.startedAt, now),
                    durationText: formatDuration(item.startedAt, item.finishedAt),
                    href: `/?run=${item.id}`,
                    selected: item.id === selectedRunId,
                  }),
                )}
              />
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function TotalsCards({ status }: { status: Status }) {
  const { totals } = status;
  const v2Share = percent(totals.httpTokensRequired, totals.instances);
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title" className="visually-hidden">
        Totals
      </h2>
      <div className="stat-grid">
        <StatCard
          label="Instances"
          value={formatInteger(totals.instances)}
          detail={`${formatInteger(totals.running)} running · ${formatInteger(totals.stopped)} stopped`}
          testId="total-instances"
        />
        <StatCard
          label="IMDSv2-only"
          value={v2Share === null ? "—" : `${v2Share}%`}
          detail="of instances require tokens"
          testId="total-v2-share"
        />
        <StatCard
          label="Tokens required"
          value={formatInteger(totals.httpTokensRequired)}
          detail="HttpTokens = required"
          testId="total-required"
        />
        <StatCard
          label="Tokens optional"
          value={formatInteger(totals.httpTokensOptional)}
          detail="still accept IMDSv1"
          testId="total-optional"
        />
        <StatCard
          label="IMDSv1 calls, 7 days"
          value={formatInteger(totals.instancesWithV1Calls7d)}
          detail="instances that made them"
          testId="total-v1-calls"
        />
        <StatCard
          label="Rejected calls, 7 days"
          value={formatInteger(totals.instancesWithRejected7d)}
          detail="instances with IMDSv1 calls refused"
          testId="total-rejected"
        />
      </div>
    </section>
  );
}
