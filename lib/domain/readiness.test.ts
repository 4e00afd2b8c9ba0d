import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateReadiness, READINESS, READINESS_LABELS, type ReadinessInput } from "./readiness";
import { DAY_MS, epochDay } from "./time";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const TODAY = epochDay(NOW);
const OPTIONS = { now: NOW, windowDays: 14 };
const daysAgo = (days: number, hours = 0) => new Date((TODAY - days) * DAY_MS + hours * 3_600_000);

/** An optional, running instance fully covered for the last 30 days, with no calls. */
const base: ReadinessInput = {
  httpTokens: "optional",
  httpEndpoint: "enabled",
  metadataState: "applied",
  state: "running",
  lastV1CallAt: null,
  lastRejectedAt: null,
  coverage: [{ from: TODAY - 30, to: TODAY - 1 }],
  metricsKnownThrough: new Date(TODAY * DAY_MS),
};
const evaluate = (changes: Partial<ReadinessInput>, options = OPTIONS) =>
  evaluateReadiness({ ...base, ...changes }, options);

describe("evaluateReadiness", () => {
  it("calls an optional instance with full coverage and no calls ready", () => {
    expect(evaluate({})).toEqual({
      readiness: "ready",
      reason: "no IMDSv1 calls in the last 14 days; metrics cover all 14 days",
    });
  });

  it("blocks an optional instance with an IMDSv1 call inside the window, including today", () => {
    expect(evaluate({ lastV1CallAt: daysAgo(2) })).toEqual({
      readiness: "blocked",
      reason: "IMDSv1 calls on 2026-11-20 (2 days ago), within the last 14 days: switching now would break them",
    });
    expect(evaluate({ lastV1CallAt: daysAgo(0, 9) }).reason).toContain("on 2026-11-22 09:00 UTC (today)");
    expect(evaluate({ lastV1CallAt: daysAgo(1) }).reason).toContain("(yesterday)");
  });

  it("puts the window edge at the start of day today-windowDays", () => {
    expect(evaluate({ lastV1CallAt: daysAgo(14) }).readiness).toBe("blocked");
    expect(evaluate({ lastV1CallAt: new Date(daysAgo(14).getTime() - 1) }).readiness).toBe("ready");
    expect(evaluate({ lastV1CallAt: daysAgo(15) }).readiness).toBe("ready");
    expect(evaluate({ lastV1CallAt: daysAgo(15) }, { now: NOW, windowDays: 20 }).readiness).toBe("blocked");
  });

  it("needs coverage of every complete day of the window for ready", () => {
    // Exactly the window [today-14, today-1] is enough; today itself is not required.
    expect(evaluate({ coverage: [{ from: TODAY - 14, to: TODAY - 1 }] }).readiness).toBe("ready");
    // Split ranges count too.
    expect(
      evaluate({
        coverage: [
          { from: TODAY - 14, to: TODAY - 8 },
          { from: TODAY - 7, to: TODAY - 1 },
        ],
      }).readiness,
    ).toBe("ready");
    const missingFirst = evaluate({ coverage: [{ from: TODAY - 13, to: TODAY - 1 }] });
    expect(missingFirst.readiness).toBe("unknown");
    expect(missingFirst.reason).toBe(
      "no IMDSv1 calls seen, but metrics cover only 13 of the last 14 days: no data is not the same as no calls",
    );
    const gap = evaluate({
      coverage: [
        { from: TODAY - 20, to: TODAY - 6 },
        { from: TODAY - 4, to: TODAY - 1 },
      ],
    });
    expect(gap.readiness).toBe("unknown");
    expect(gap.reason).toContain("only 13 of the last 14 days");
  });

  it("explains unknown for a stopped instance, stale metrics and never-collected metrics", () => {
    const stopped = evaluate({ state: "stopped", coverage: [{ from: TODAY - 40, to: TODAY - 20 }] });
    expect(stopped).toEqual({
      readiness: "unknown",
      reason: "no metric data in the last 14 days (the instance is stopped, and a stopped instance reports no metrics)",
    });
    const stale = evaluate({
      coverage: [{ from: TODAY - 30, to: TODAY - 4 }],
      metricsKnownThrough: new Date((TODAY - 3) * DAY_MS),
    });
    expect(stale.readiness).toBe("unknown");
    expect(stale.reason).toContain("only 11 of the last 14 days; metrics are read only up to 2026-11-19");
    expect(evaluate({ coverage: [], metricsKnownThrough: null })).toEqual({
      readiness: "unknown",
      reason: "no IMDSv1 metrics collected for this instance yet",
    });
  });

  it("calls a required instance done, and says when the change is still pending", () => {
    expect(evaluate({ httpTokens: "required" })).toEqual({
      readiness: "done",
      reason: "HttpTokens is required; no IMDSv1 calls were rejected in the last 14 days",
    });
    expect(evaluate({ httpTokens: "required", metadataState: "pending" })).toEqual({
      readiness: "done",
      reason:
        "HttpTokens is required (the change is still being applied); no IMDSv1 calls were rejected in the last 14 days",
    });
    // Done does not need metric coverage: nothing can call v1 successfully any more.
    expect(evaluate({ httpTokens: "required", coverage: [], metricsKnownThrough: null }).readiness).toBe("done");
    // Old v1 calls (before the switch) do not matter either.
    expect(evaluate({ httpTokens: "required", lastV1CallAt: daysAgo(1) }).readiness).toBe("done");
  });

  it("calls a required instance with rejected calls in the window broken", () => {
    expect(evaluate({ httpTokens: "required", lastRejectedAt: daysAgo(3) })).toEqual({
      readiness: "broken",
      reason:
        "HttpTokens is required but IMDSv1 calls were rejected on 2026-11-19 (3 days ago): something on it still uses IMDSv1",
    });
    expect(
      evaluate({ httpTokens: "required", metadataState: "pending", lastRejectedAt: daysAgo(0, 10) }).reason,
    ).toMatch(
      /^HttpTokens is required \(the change is still being applied\) but IMDSv1 calls were rejected on 2026-11-22 10:00 UTC/,
    );
    // Rejections older than the window are history: the workload has been fixed since.
    expect(evaluate({ httpTokens: "required", lastRejectedAt: daysAgo(15) }).readiness).toBe("done");
  });

  it("puts a disabled endpoint before everything else", () => {
    for (const httpTokens of ["optional", "required"]) {
      const verdict = evaluate({
        httpTokens,
        httpEndpoint: "disabled",
        lastV1CallAt: daysAgo(1),
        lastRejectedAt: daysAgo(1),
      });
      expect(verdict.readiness).toBe("endpoint-disabled");
      expect(verdict.reason).toMatch(/endpoint is disabled/);
    }
    expect(evaluate({ httpEndpoint: null }).readiness).toBe("ready");
  });

  it("does not guess on an unexpected HttpTokens value", () => {
    expect(evaluate({ httpTokens: "no-preference" })).toEqual({
      readiness: "unknown",
      reason: 'HttpTokens is "no-preference", neither optional nor required',
    });
  });

  it("names the bad option", () => {
    expect(() => evaluate({}, { now: NOW, windowDays: 0 })).toThrow(/^windowDays: 0 is not a whole number/);
    expect(() => evaluate({}, { now: NOW, windowDays: 2.5 })).toThrow(/windowDays/);
    expect(() => evaluate({}, { now: Number.NaN, windowDays: 14 })).toThrow(/^now: /);
  });

  it("has a label for every verdict", () => {
    expect(Object.keys(READINESS_LABELS).sort()).toEqual([...READINESS].sort());
    expect(READINESS_LABELS.ready).toBe("Ready to switch");
  });

  const date = fc.option(
    fc.integer({ min: (TODAY - 60) * DAY_MS, max: NOW }).map((ms) => new Date(ms)),
    { nil: null },
  );
  const range = fc
    .tuple(fc.integer({ min: TODAY - 60, max: TODAY + 1 }), fc.integer({ min: -2, max: 40 }))
    .map(([from, length]) => ({ from, to: from + length }));
  const input: fc.Arbitrary<ReadinessInput> = fc.record({
    httpTokens: fc.constantFrom("optional", "required", "no-preference", ""),
    httpEndpoint: fc.constantFrom("enabled", "disabled", null),
    metadataState: fc.constantFrom("pending", "applied", null),
    state: fc.constantFrom("running", "stopped", "pending", "stopping", "terminated"),
    lastV1CallAt: date,
    lastRejectedAt: date,
    coverage: fc.array(range, { maxLength: 5 }),
    metricsKnownThrough: date,
  });
  const windowDays = fc.integer({ min: 1, max: 90 });

  it("is total and deterministic, with a non-empty reason", () => {
    fc.assert(
      fc.property(input, windowDays, (value, days) => {
        const first = evaluateReadiness(value, { now: NOW, windowDays: days });
        expect(READINESS).toContain(first.readiness);
        expect(first.reason.length).toBeGreaterThan(10);
        expect(evaluateReadiness(structuredClone(value), { now: NOW, windowDays: days })).toEqual(first);
      }),
    );
  });

  it("only says done or broken for required, and ready or blocked for optional", () => {
    fc.assert(
      fc.property(input, windowDays, (value, days) => {
        const { readiness } = evaluateReadiness(value, { now: NOW, windowDays: days });
        if (readiness === "done" || readiness === "broken") expect(value.httpTokens).toBe("required");
        if (readiness === "ready" || readiness === "blocked") expect(value.httpTokens).toBe("optional");
        if (value.httpEndpoint === "disabled") expect(readiness).toBe("endpoint-disabled");
      }),
    );
  });

  it("never turns ready into something else by adding coverage, and widening the window never makes ready", () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 60 }), (value, days) => {
        const narrow = evaluateReadiness(value, { now: NOW, windowDays: days }).readiness;
        const more = evaluateReadiness(
          { ...value, coverage: [...value.coverage, { from: TODAY - 100, to: TODAY - 1 }] },
          { now: NOW, windowDays: days },
        ).readiness;
        if (narrow === "ready") expect(more).toBe("ready");
        const wide = evaluateReadiness(value, { now: NOW, windowDays: days + 10 }).readiness;
        if (narrow !== "ready") expect(wide).not.toBe("ready");
      }),
    );
  });
});
