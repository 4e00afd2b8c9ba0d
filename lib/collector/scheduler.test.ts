import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunSummary, RunTrigger } from "@/lib/domain/collection-run";
import { AppError } from "@/lib/core/app-error";
import type { CollectorDeps } from "./run-collection";
import { startSchedule } from "./scheduler";

// safe because the scheduler only hands deps through to the start function under test
const deps = {} as CollectorDeps;
const run = (id: number) => ({ id }) as RunSummary;

describe("startSchedule", () => {
  let stop: () => void = () => undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("collects at start and then every interval", async () => {
    const triggers: RunTrigger[] = [];
    stop = startSchedule(deps, { intervalMinutes: 15, collectOnStart: true }, async (_deps, trigger) => {
      triggers.push(trigger);
      return run(triggers.length);
    });
    expect(triggers).toEqual(["startup"]);
    await vi.advanceTimersByTimeAsync(15 * 60_000 - 1);
    expect(triggers).toEqual(["startup"]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(triggers).toEqual(["startup", "schedule", "schedule"]);
  });

  it("never collects on its own with interval 0 and no start-up run", async () => {
    const start = vi.fn(async () => run(1));
    stop = startSchedule(deps, { intervalMinutes: 0, collectOnStart: false }, start);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(start).not.toHaveBeenCalled();
  });

  it("skips a tick while a run is in progress and keeps going", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let calls = 0;
    stop = startSchedule(deps, { intervalMinutes: 1, collectOnStart: false }, async () => {
      calls += 1;
      if (calls === 1) throw new AppError("Conflict", "Collection run #4 is already in progress");
      return run(5);
    });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(calls).toBe(2);
    expect(log).toHaveBeenCalledWith("[collector] schedule skipped: Collection run #4 is already in progress");
    expect(log).toHaveBeenCalledWith("[collector] schedule run #5 started");
  });

  it("keeps one schedule per process", async () => {
    const first = vi.fn(async () => run(1));
    const second = vi.fn(async () => run(2));
    stop = startSchedule(deps, { intervalMinutes: 1, collectOnStart: false }, first);
    startSchedule(deps, { intervalMinutes: 1, collectOnStart: false }, second);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
  });
});
