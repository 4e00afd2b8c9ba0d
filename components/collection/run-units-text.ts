import type { RunSummary } from "@/lib/domain/collection-run";

// How far a run is, in words: the progress card and the runs table both say it this way, so the
// same run never reads "0 of 12" in one place and "0 / 0" in the other.

/**
 * "7 of 12 account-regions (1 failed)"; "discovering regions…" while a running run has not
 * listed any account-region yet (its total is unknown, not 0).
 */
export function formatRunUnits(run: Pick<RunSummary, "status" | "unitsDone" | "unitsTotal" | "unitsFailed">): string {
  if (run.unitsTotal === 0) return run.status === "running" ? "discovering regions…" : "no account-regions";
  const failed = run.unitsFailed > 0 ? ` (${run.unitsFailed} failed)` : "";
  return `${run.unitsDone.toLocaleString("en-US")} of ${run.unitsTotal.toLocaleString("en-US")} account-regions${failed}`;
}
