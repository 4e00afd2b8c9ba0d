"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useId } from "react";
import { RecentRunsTable, type RecentRunRow } from "@/components/collection/recent-runs-table";
import { useHydrated } from "@/components/layout/use-hydrated";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorAlert } from "@/app/_client/error-alert";
import { formatAgo, formatDuration } from "@/app/_client/format";
import { recentRunsQuery } from "@/app/_client/queries";
import { useCollection } from "@/app/_client/use-collection";
import { useNow } from "@/app/_client/use-now";
import { LatestRunProgress } from "@/app/_client/latest-run-progress";
import { RUN_LIST_LIMITS, runsSearchParams } from "./search-params";

export function RunsClient({ renderedAt }: { renderedAt: number }) {
  const [params, setParams] = useQueryStates(runsSearchParams);
  const now = useNow(5_000, renderedAt);
  const hydrated = useHydrated();
  const { status, run, latestRun, collect, collectActions } = useCollection();
  const runs = useQuery(recentRunsQuery(params.limit));
  const limitId = useId();

  // Until hydration completes, render what the server rendered first: the status query's server
  // data can reach the client cache only after hydration (React #418 otherwise, as on the overview).
  if (!hydrated) {
    return (
      <div className="stack">
        <h1>Collection runs</h1>
        <Card>
          <Skeleton lines={6} label="Loading collection runs" />
        </Card>
      </div>
    );
  }

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Collection runs</h1>
          <p className="muted">Each run reads every account and region; a failed region never fails the others.</p>
        </div>
        {collectActions}
      </div>

      {collect.error ? <ErrorAlert error={collect.error} /> : null}
      {status.isError ? <ErrorAlert error={status.error} onRetry={() => void status.refetch()} /> : null}

      {latestRun ? (
        <section className="card run-strip" aria-labelledby="latest-run-title">
          <div className="run-strip-head">
            <h2 id="latest-run-title" className="card-title">
              Latest run
            </h2>
            <Link href={`/runs/${latestRun.id}`}>Run #{latestRun.id} details</Link>
          </div>
          <LatestRunProgress run={run} now={now} />
        </section>
      ) : null}

      <Card title="Recent runs">
        {runs.isPending ? (
          <Skeleton lines={3} label="Loading recent runs" />
        ) : runs.isError ? (
          <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />
        ) : (
          <RecentRunsTable
            rows={runs.data.map((item): RecentRunRow => ({
              // The latest run's row takes the card's live copy (polled every second), so both agree.
              ...(run.data?.id === item.id ? run.data : item),
              startedText: formatAgo(item.startedAt, now),
              durationText: formatDuration(item.startedAt, item.finishedAt),
              href: `/runs/${item.id}`,
              selected: false,
            }))}
            csvFilename="collection-runs.csv"
            empty={
              <>
                No collection runs yet — use <strong>Collect now</strong> to read the fleet.
              </>
            }
            toolbar={
              <>
                <label htmlFor={limitId}>Show</label>
                <select
                  id={limitId}
                  value={String(params.limit)}
                  onChange={(event) =>
                    void setParams({
                      limit: RUN_LIST_LIMITS.find((value) => String(value) === event.target.value) ?? null,
                    })
                  }
                >
                  {RUN_LIST_LIMITS.map((value) => (
                    <option key={value} value={value}>
                      latest {value}
                    </option>
                  ))}
                </select>
                <span className="muted" aria-live="polite">
                  {runs.data.length} {runs.data.length === 1 ? "run" : "runs"} shown
                </span>
              </>
            }
          />
        )}
      </Card>
    </div>
  );
}
