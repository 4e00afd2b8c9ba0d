import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  burndown,
  daysBetween,
  fillDays,
  latestProgress,
  mergeByDay,
  parseDay,
  v2Share,
  type RollupDay,
} from "./progress";

const row = (
  day: string,
  counts: [number, number] | null,
  source: RollupDay["settingsSource"] = "observed",
  v1 = 0,
  rejected = 0,
): RollupDay => ({
  day,
  instances: counts ? counts[0] + counts[1] : null,
  required: counts ? counts[0] : null,
  optional: counts ? counts[1] : null,
  settingsSource: counts ? source : null,
  v1Calls: v1,
  rejectedCalls: rejected,
});

describe("days", () => {
  it("parses, formats and steps YYYY-MM-DD days in UTC", () => {
    expect(parseDay("1970-01-02")).toBe(1);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-11-01", "2026-11-22")).toBe(21);
  });

  it("rejects anything else, naming the field", () => {
    expect(() => parseDay("2026-02-30", "rows[2].day")).toThrow('rows[2].day: "2026-02-30" is not a YYYY-MM-DD day');
    expect(() => parseDay("2026-1-05")).toThrow(/^day: /);
    expect(() => parseDay("2026-11-22T00:00:00Z")).toThrow(/not a YYYY-MM-DD day/);
    expect(() => mergeByDay([row("yesterday", [1, 1])])).toThrow('rows[0].day: "yesterday" is not a YYYY-MM-DD day');
  });
});

describe("mergeByDay", () => {
  it("sums the account x region rows of each day, sorted by day", () => {
    const merged = mergeByDay([
      row("2026-11-21", [3, 7], "observed", 10, 1),
      row("2026-11-20", [2, 8], "observed", 4, 0),
      row("2026-11-21", [5, 5], "observed", 2.5, 2),
    ]);
    expect(merged).toEqual([
      { ...row("2026-11-20", [2, 8], "observed", 4, 0), cells: 1, cellsWithoutSettings: 0 },
      {
        day: "2026-11-21",
        instances: 20,
        required: 8,
        optional: 12,
        settingsSource: "observed",
        v1Calls: 12.5,
        rejectedCalls: 3,
        cells: 2,
        cellsWithoutSettings: 0,
      },
    ]);
  });

  it("keeps the weakest source and leaves a day with an unknown cell unknown", () => {
    const [mixed] = mergeByDay([row("2026-11-01", [1, 2], "observed"), row("2026-11-01", [3, 4], "reconstructed")]);
    expect(mixed).toMatchObject({ settingsSource: "reconstructed", instances: 10, required: 4, optional: 6 });
    const [partial] = mergeByDay([row("2026-11-01", [1, 2], "observed", 5), row("2026-11-01", null, null, 7)]);
    expect(partial).toMatchObject({
      settingsSource: null,
      instances: null,
      required: null,
      optional: null,
      v1Calls: 12,
      cells: 2,
      cellsWithoutSettings: 1,
    });
  });

  it("does not modify its input", () => {
    const rows = [row("2026-11-01", [1, 2]), row("2026-11-01", [3, 4])];
    const copy = structuredClone(rows);
    mergeByDay(rows);
    expect(rows).toEqual(copy);
  });

  const day = fc.integer({ min: 20_000, max: 20_010 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  const count = fc.option(fc.nat(1000), { nil: null });
  const rollup: fc.Arbitrary<RollupDay> = fc.record({
    day,
    instances: count,
    required: count,
    optional: count,
    settingsSource: fc.constantFrom("observed" as const, "reconstructed" as const, null),
    v1Calls: fc.nat(10_000),
    rejectedCalls: fc.nat(10_000),
  });

  it("preserves sums, one row per day, in order", () => {
    fc.assert(
      fc.property(fc.array(rollup, { maxLength: 40 }), (rows) => {
        const merged = mergeByDay(rows);
        expect(merged.map((m) => m.day)).toEqual([...new Set(rows.map((r) => r.day))].sort());
        expect(merged.reduce((t, m) => t + m.v1Calls, 0)).toBe(rows.reduce((t, r) => t + r.v1Calls, 0));
        expect(merged.reduce((t, m) => t + m.rejectedCalls, 0)).toBe(rows.reduce((t, r) => t + r.rejectedCalls, 0));
        expect(merged.reduce((t, m) => t + m.cells, 0)).toBe(rows.length);
        for (const m of merged) {
          const same = rows.filter((r) => r.day === m.day);
          const required = same.map((r) => r.required);
          expect(m.required).toBe(required.includes(null) ? null : required.reduce((t, v) => t! + v!, 0));
          const sources = same.map((r) => r.settingsSource);
          expect(m.settingsSource).toBe(
            sources.includes(null) ? null : sources.includes("reconstructed") ? "reconstructed" : "observed",
          );
        }
      }),
    );
  });
});

describe("v2Share", () => {
  it("is the percent required, null when unknown or empty", () => {
    expect(v2Share({ instances: 8, required: 2 })).toBe(25);
    expect(v2Share({ instances: 0, required: 0 })).toBeNull();
    expect(v2Share({ instances: null, required: 2 })).toBeNull();
    expect(v2Share({ instances: 4, required: null })).toBeNull();
  });
});

describe("fillDays and burndown", () => {
  const merged = mergeByDay([row("2026-11-02", [1, 3], "observed", 6), row("2026-11-04", null, null, 2)]);

  it("gives one point per day, with gaps as nulls", () => {
    const points = fillDays(merged, { from: "2026-11-01", to: "2026-11-04" });
    expect(points.map((p) => [p.day, p.optional, p.v1Calls, p.v2Share])).toEqual([
      ["2026-11-01", null, null, null],
      ["2026-11-02", 3, 6, 25],
      ["2026-11-03", null, null, null],
      ["2026-11-04", null, 2, null],
    ]);
    expect(fillDays(merged, { from: "2026-11-03", to: "2026-11-02" })).toEqual([]);
  });

  it("keeps only days with known remaining optional instances", () => {
    expect(burndown(merged)).toEqual([{ day: "2026-11-02", optional: 3 }]);
  });
});

describe("latestProgress", () => {
  const series = mergeByDay([
    row("2026-11-01", [10, 40]),
    row("2026-11-08", [20, 30]),
    row("2026-11-14", [24, 26]),
    row("2026-11-15", [25, 25]),
    row("2026-11-16", null),
  ]);

  it("compares the latest known day with the latest known one at least N days before", () => {
    expect(latestProgress(series, 7)).toEqual({
      day: "2026-11-15",
      optional: 25,
      required: 25,
      v2Share: 50,
      optionalChange: -5,
      comparedWith: "2026-11-08",
    });
    expect(latestProgress(series, 30)).toMatchObject({ optionalChange: null, comparedWith: null });
    expect(latestProgress(mergeByDay([row("2026-11-16", null)]), 7)).toBeNull();
  });
});
