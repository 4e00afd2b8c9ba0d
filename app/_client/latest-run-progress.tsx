"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { RunProgress } from "@/components/collection/run-progress";
import { Skeleton } from "@/components/ui/skeleton";
import type { RunSummary } from "@/lib/domain/collection-run";
import { ErrorAlert } from "./error-alert";
import { formatAgo, formatDuration } from "./format";

/** A run's progress bar, or its loading or error state (the overview's and the runs page's "Latest run" card). */
export function LatestRunProgress({ run, now }: { run: UseQueryResult<RunSummary>; now: number }) {
  if (run.isPending) return <Skeleton lines={2} label="Loading the latest run" />;
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  return <RunProgressAt run={run.data} now={now} />;
}

/** A run's progress bar with "started 3 min ago" and its duration (so far, while it runs) as of `now`. */
export function RunProgressAt({ run, now }: { run: RunSummary; now: number }) {
  return (
    <RunProgress
      run={run}
      startedText={formatAgo(run.startedAt, now)}
      durationText={formatDuration(
        run.startedAt,
        run.finishedAt ?? (run.status === "running" ? new Date(now).toISOString() : null),
      )}
    />
  );
}
