import type { RunSummary, RunTrigger } from "@/lib/domain/collection-run";
import { runCollection, type CollectorDeps } from "./run-collection";

/**
 * Starts a run in the background and resolves as soon as its row exists, so a request can answer
 * 202 with the run while it goes on. Rejects with a Conflict AppError when a run is in progress.
 */
export function startCollection(deps: CollectorDeps, trigger: RunTrigger): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    let started = false;
    runCollection(deps, {
      trigger,
      onStarted: (run) => {
        started = true;
        resolve(run);
      },
    }).catch((error: unknown) => {
      if (!started) reject(error);
      else console.error(`[collector] ${trigger} run failed:`, error);
    });
  });
}
