"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { RunProgressAt } from "@/app/_client/latest-run-progress";
import { UnitOutcomesTable } from "@/components/collection/unit-outcomes-table";
import type { UnitRow } from "@/components/collection/types";
import { useHydrated } from "@/components/layout/use-hydrated";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorAlert } from "@/app/_client/error-alert";
import { durationMs, formatDuration } from "@/app/_client/format";
import { useCollection } from "@/app/_client/use-collection";
import { useNow } from "@/app/_client/use-now";
import { runSearchParams } from "./search-params";

export function RunDetailClient({ runId, renderedAt }: { runId: number; renderedAt: number }) {
  const [params, setParams] = useQueryStates(runSearchParams);
  const now = useNow(5_000, renderedAt);
  const hydrated = useHydrated();
  const router = useRouter();
  const { status, run, latestRun, collect, collectActions } = useCollection({
    runId,
    onStarted: (started) => router.push(`/runs/${started.id}`),
  });

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/runs">Collection runs</Link> / <span aria-current="page">Run #{runId}</span>
    </nav>
  );
  // Until hydration completes, render what the server rendered first: the status query's server
  // data can reach the client cache only after hydration (React #418 otherwise, as on the overview).
  if (!hydrated) {
    return (
      <div className="stack">
        {breadcrumb}
        <h1>Collection run #{runId}</h1>
        <Card>
          <Skeleton lines={5} label="Loading the collection run" />
        </Card>
      </div>
    );
  }

  return (
    <div className="stack">
      {breadcrumb}
      <div className="page-head">
        <div>
          <h1>Collection run #{runId}</h1>
          {latestRun && latestRun.id !== runId ? (
            <p className="muted">
              An earlier run. <Link href={`/runs/${latestRun.id}`}>Show the latest run (#{latestRun.id})</Link>
            </p>
          ) : null}
        </div>
        {collectActions}
      </div>

      {collect.error ? <ErrorAlert error={collect.error} /> : null}

      {run.isPending ? (
        <Card>
          <Skeleton lines={5} label="Loading the collection run" />
        </Card>
      ) : run.isError ? (
        <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />
      ) : (
        <>
          <Card>
            <RunProgressAt run={run.data} now={now} />
          </Card>
          <Card title="Outcomes by account and region">
            <UnitOutcomesTable
              runId={run.data.id}
              rows={run.data.units.map((unit): UnitRow => ({
                ...unit,
                accountName: status.data?.accounts.find((account) => account.id === unit.accountId)?.name ?? null,
                durationMs: durationMs(unit.startedAt, unit.finishedAt),
                durationText: formatDuration(unit.startedAt, unit.finishedAt),
              }))}
              statusFilter={params.status}
              onStatusFilterChange={(value) => void setParams({ status: value })}
            />
          </Card>
        </>
      )}
    </div>
  );
}
