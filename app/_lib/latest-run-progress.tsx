"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { RunProgress } from "@/components/collection/run-progress";
import { Skeleton } from "@/components/ui/skeleton";
import type { Run } from "./api-client";
import { ErrorAlert } from "./error-alert";
import { formatAgo, formatDuration } from "./format";

/** A run's progress bar, or its loading or error state (the overview's and the runs page's "Latest run" card). */
export function LatestRunProgress({ run, now }: { run: UseQueryResult<Run>; now: number }) {
  if (run.isPending) return <Skeleton lines={2} label="Loading the latest run" />;
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  return (
    <RunProgress
      run={run.data}
      startedText={formatAgo(run.data.startedAt, now)}
      durationText={formatDuration(
        run.data.startedAt,
        run.data.finishedAt ?? (run.data.status === "running" ? new Date(now).toISOString() : null),
      )}
    />
  );
}
