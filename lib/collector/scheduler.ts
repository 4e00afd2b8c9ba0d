import { AppError } from "@/lib/http/app-error";
import type { CollectorDeps } from "./run-collection";
import { startCollection } from "./start-collection";

const timers = globalThis as unknown as { __imdsSchedule?: NodeJS.Timeout };

/** Collects every `intervalMinutes` while the server is up (0 = never), and once at start if asked. */
export function startSchedule(
  deps: CollectorDeps,
  options: { intervalMinutes: number; collectOnStart: boolean },
): void {
  if (timers.__imdsSchedule) return;
  const tick = (trigger: "schedule" | "startup") =>
    startCollection(deps, trigger).then(
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
    timers.__imdsSchedule = setInterval(() => void tick("schedule"), options.intervalMinutes * 60_000);
    timers.__imdsSchedule.unref();
  }
}
