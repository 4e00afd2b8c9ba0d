import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKET_SIZES, bucketDays, bucketSizeFor, bucketUnit, MIN_SLOT_PX, type CallsDay } from "./call-buckets";

const DAY_MS = 86_400_000;
const dayAt = (index: number) => new Date(Date.UTC(2026, 8, 1) + index * DAY_MS).toISOString().slice(0, 10);
const series = (values: readonly (number | null)[]): CallsDay[] =>
  values.map((value, index) => ({
    day: dayAt(index),
    v1Calls: value,
    rejectedCalls: value === null ? null : Math.floor(value / 10),
  }));

describe("bucketSizeFor", () => {
  it("keeps days while each gets at least the minimum slot, then weeks, then four weeks", () => {
    // 90 days in half a 1440 px page (about 470 px of plot): 5.2 px a day; at 1024 px, 4.2.
    expect(bucketSizeFor(89, 470)).toBe(1);
    expect(bucketSizeFor(89, 376)).toBe(1);
    expect(bucketSizeFor(89, 300)).toBe(7);
    // The report of 179 bars 0.08 px wide: 365 days in the same plot.
    expect(bucketSizeFor(364, 470)).toBe(7);
    // A full-width card at 1024 px (about 880 px of plot).
    expect(bucketSizeFor(364, 880)).toBe(7);
    expect(bucketSizeFor(89, 880)).toBe(1);
    expect(bucketSizeFor(364, 180)).toBe(28);
    expect(bucketSizeFor(364, 10)).toBe(28);
  });

  it("always leaves slots of at least the minimum width when any size can", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 3000 }), (dayCount, width) => {
        const size = bucketSizeFor(dayCount, width);
        const fits = width / Math.ceil(dayCount / size) >= MIN_SLOT_PX;
        const anyFits = BUCKET_SIZES.some((candidate) => width / Math.ceil(dayCount / candidate) >= MIN_SLOT_PX);
        expect(fits || !anyFits).toBe(true);
        // ...and never groups more than needed.
        const smaller = BUCKET_SIZES.filter((candidate) => candidate < size);
        for (const candidate of smaller) expect(width / Math.ceil(dayCount / candidate)).toBeLessThan(MIN_SLOT_PX);
      }),
    );
  });
});

describe("bucketDays", () => {
  it("keeps every day as its own bucket at size 1", () => {
    const days = series([5, null, 0]);
    expect(bucketDays(days, 1)).toEqual([
      { start: dayAt(0), end: dayAt(0), days: 1, knownDays: 1, v1Calls: 5, rejectedCalls: 0 },
      { start: dayAt(1), end: dayAt(1), days: 1, knownDays: 0, v1Calls: null, rejectedCalls: null },
      { start: dayAt(2), end: dayAt(2), days: 1, knownDays: 1, v1Calls: 0, rejectedCalls: 0 },
    ]);
  });

  it("counts weeks back from the last day: the last week is whole, the first may be short", () => {
    const days = series(Array.from({ length: 10 }, (_, index) => (index + 1) * 100));
    const weeks = bucketDays(days, 7);
    expect(weeks.map((week) => [week.start, week.end, week.days])).toEqual([
      [dayAt(0), dayAt(2), 3],
      [dayAt(3), dayAt(9), 7],
    ]);
    expect(weeks[0]!.v1Calls).toBe(100 + 200 + 300);
    expect(weeks[1]!.v1Calls).toBe(400 + 500 + 600 + 700 + 800 + 900 + 1000);
    expect(weeks[1]!.rejectedCalls).toBe(40 + 50 + 60 + 70 + 80 + 90 + 100);
  });

  it("sums only days with metrics, and leaves a bucket without any as no data (not zero)", () => {
    const days = series([null, null, null, null, null, null, null, 7, null, 3, null, null, null, null]);
    const weeks = bucketDays(days, 7);
    expect(weeks[0]).toMatchObject({ knownDays: 0, v1Calls: null, rejectedCalls: null });
    expect(weeks[1]).toMatchObject({ knownDays: 2, v1Calls: 10 });
  });

  it("loses no call and no day, whatever the size", () => {
    const values = fc.array(fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }), {
      minLength: 1,
      maxLength: 400,
    });
    fc.assert(
      fc.property(values, fc.constantFrom(...BUCKET_SIZES), (raw, size) => {
        const days = series(raw);
        const buckets = bucketDays(days, size);
        const total = (list: readonly { v1Calls: number | null }[]) =>
          list.reduce((sum, item) => sum + (item.v1Calls ?? 0), 0);
        expect(total(buckets)).toBe(total(days));
        expect(buckets.reduce((sum, bucket) => sum + bucket.days, 0)).toBe(days.length);
        expect(buckets.at(-1)!.end).toBe(days.at(-1)!.day);
        expect(buckets.slice(1).every((bucket) => bucket.days === size)).toBe(true);
      }),
    );
  });

  it("names the bucket for the title and caption", () => {
    expect(bucketUnit(1)).toEqual({ per: "per day", sums: "Daily sums" });
    expect(bucketUnit(7)).toEqual({ per: "per week", sums: "Weekly sums" });
    expect(bucketUnit(28)).toEqual({ per: "per 4 weeks", sums: "Four-weekly sums" });
  });
});
