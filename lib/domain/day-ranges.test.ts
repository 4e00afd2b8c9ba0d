import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coveredDays, mergeDayRanges, type DayRange } from "./day-ranges";

const expand = (ranges: DayRange[]) => {
  const days = new Set<number>();
  for (const r of ranges) for (let d = r.from; d <= r.to; d++) days.add(d);
  return days;
};

describe("mergeDayRanges", () => {
  it("joins touching and overlapping ranges and adds single days", () => {
    expect(mergeDayRanges([{ from: 1, to: 3 }, { from: 4, to: 4 }, { from: 10, to: 12 }], [13, 20])).toEqual([
      { from: 1, to: 4 },
      { from: 10, to: 13 },
      { from: 20, to: 20 },
    ]);
  });

  it("keeps exactly the same set of days, as disjoint non-touching sorted ranges", () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5 })).map(([from, len]) => ({ from, to: from + len }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 12 }), (ranges, days) => {
        const merged = mergeDayRanges(ranges, days);
        const expected = expand([...ranges, ...days.map((d) => ({ from: d, to: d }))]);
        expect(expand(merged)).toEqual(expected);
        for (let i = 1; i < merged.length; i++) expect(merged[i]!.from).toBeGreaterThan(merged[i - 1]!.to + 1);
        expect(coveredDays(merged, 0, 100)).toBe(expected.size);
      }),
    );
  });

  it("counts coverage inside a window only", () => {
    expect(coveredDays([{ from: 0, to: 9 }, { from: 20, to: 29 }], 5, 24)).toBe(10);
    expect(coveredDays([], 0, 10)).toBe(0);
  });
});
