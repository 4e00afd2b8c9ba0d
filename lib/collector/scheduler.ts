import type { RunSummary, RunTrigger } from "@/lib/domain/collection-run";
import { AppError } from "@/lib/core/app-error";
import type { CollectorDeps } from "./run-collection";
import { startCollection } from "./start-collection";
import { processSlot } from "@/lib/core/process-slot";

const schedule = processSlot<NodeJS.Timeout>("collection-schedule");

export interface ScheduleOptions {
  intervalMinutes: number;
  collectOnStart: boolean;
}

type Start = (deps: CollectorDeps, trigger: RunTrigger) => Promise<RunSummary>;

/**
 * Collects every `intervalMinutes` while the server is up (0 = never), and once at start if asked.
 * One schedule per process (Next.js may evaluate instrumentation more than once in dev).
 */
export function startSchedule(
  deps: CollectorDeps,
  options: ScheduleOptions,
  start: Start = startCollection,
): () => void {
  if (schedule.value) return () => undefined;
  const tick = (trigger: "schedule" | "startup") =>
    start(deps, trigger).then(
      (run) => console.log(`[collector] ${trigger} run #${run.id} started`),
      (error: unknown) => {
        // A run already in progress is the expected way for a tick to be skipped.
        if (error instanceof AppError && error.code === "Conflict")
          console.log(`[collector] ${trigger} skipped: ${error.message}`);
        else console.error(`[collector] ${trigger} run could not start:`, error);
      },
    );
  if (options.collectOnStart) void tick("startup");
  if (options.intervalMinutes > 0) {
    const timer = setInterval(() => void tick("schedule"), options.intervalMinutes * 60_000);
    timer.unref();
    schedule.value = timer;
  }
  return () => {
    clearInterval(schedule.value);
    schedule.value = undefined;
  };
}
