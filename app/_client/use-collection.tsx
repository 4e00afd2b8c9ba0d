"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { ApiError } from "./api";
import { runQuery, startRun, statusQuery } from "./queries";
import { queryKeys } from "./query-keys";
import type { Status } from "@/lib/collector/get-status";
import type { RunSummary } from "@/lib/domain/collection-run";
import { useCanChange } from "./identity";

/**
 * The latest collection run, kept live, and "Collect now". Shared by the overview and the runs
 * pages: while a run goes, its detail polls every second; when it stops, everything it produced
 * (status, run lists, overview, regions) is reloaded and a stale conflict message is dropped.
 * `runId` follows another run instead of the latest (the run detail page). Viewers get no button:
 * starting a run is a change (operator or admin), like every POST.
 */
function runningRunIdOf(details: unknown): number | null {
  if (typeof details !== "object" || details === null || !("runningRunId" in details)) return null;
  return typeof details.runningRunId === "number" ? details.runningRunId : null;
}

export function useCollection(options: { runId?: number | null; onStarted?: (run: RunSummary) => void } = {}) {
  const queryClient = useQueryClient();
  const status = useQuery(statusQuery());
  const latestRun = status.data?.lastRun ?? null;
  const shownRunId = options.runId ?? latestRun?.id ?? null;
  const run = useQuery({ ...runQuery(shownRunId ?? 0), enabled: shownRunId !== null });

  const latestDetail = run.data && latestRun && run.data.id === latestRun.id ? run.data : null;
  const latestStatus = latestDetail?.status ?? latestRun?.status;
  const collecting = latestStatus === "running";

  const onStarted = options.onStarted;
  const collect = useMutation({
    mutationFn: startRun,
    onSuccess: async (started: RunSummary) => {
      queryClient.setQueryData<Status>(queryKeys.status, (old) => (old ? { ...old, lastRun: started } : old));
      onStarted?.(started);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.status }),
        queryClient.invalidateQueries({ queryKey: queryKeys.runsAll }),
      ]);
    },
    onError: async (error) => {
      // A 409 means someone else's run is going: show it instead of ours. The status read may lag
      // the run's start by a moment, so follow the run the conflict names directly.
      if (!(error instanceof ApiError && error.status === 409)) return;
      const runningRunId = runningRunIdOf(error.details);
      if (runningRunId !== null) {
        const running = await queryClient.fetchQuery({ ...runQuery(runningRunId), staleTime: 0 });
        queryClient.setQueryData<Status>(queryKeys.status, (old) =>
          old && (old.lastRun?.id ?? 0) <= running.id ? { ...old, lastRun: running } : old,
        );
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.status });
    },
  });

  const previousRunState = useRef<string | null>(null);
  const resetCollect = collect.reset;
  useEffect(() => {
    const state = run.data ? `${run.data.id}:${run.data.status}` : null;
    const before = previousRunState.current;
    previousRunState.current = state;
    if (before && state && before.endsWith(":running") && !state.endsWith(":running")) {
      for (const queryKey of [queryKeys.status, queryKeys.runsAll, queryKeys.overviewAll, queryKeys.regionsAll]) {
        void queryClient.invalidateQueries({ queryKey });
      }
      resetCollect();
    }
  }, [run.data, queryClient, resetCollect]);

  const canChange = useCanChange();
  const collectButton = canChange ? (
    <button
      type="button"
      className="button"
      onClick={() => collect.mutate()}
      disabled={collect.isPending || collecting || status.isPending}
      aria-describedby={collecting ? "collect-hint" : undefined}
    >
      {collect.isPending ? "Starting…" : collecting ? "Collecting…" : "Collect now"}
    </button>
  ) : null;

  // The button's aria-describedby points at this hint, so they are rendered together.
  const collectActions = (
    <div className="page-actions">
      {collecting ? (
        <span id="collect-hint" className="muted">
          A collection run is in progress
        </span>
      ) : null}
      {collectButton}
    </div>
  );
  return { status, run, latestRun, collecting, collect, collectButton, collectActions };
}
