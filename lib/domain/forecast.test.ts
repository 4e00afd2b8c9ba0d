import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastCompletion, MAX_HORIZON_DAYS } from "./forecast";
import { addDays, parseDay } from "./progress";

const TODAY = "2026-11-22";
/** values[i] is the count i days before today's end of the list: the last value is today's. */
const seriesOf = (values: (number | null)[], end = TODAY) =>
  values.flatMap((optional, index) =>
    optional === null ? [] : [{ day: addDays(end, index - (values.length - 1)), optional }],
  );

describe("forecastCompletion", () => {
  it("projects a perfectly steady decline exactly, with no uncertainty", () => {
    // 100, 95, ..., 50 over 10 days: 5 a day, 50 left -> 10 more days.
    const values = Array.from({ length: 11 }, (_, i) => 100 - 5 * i);
    expect(forecastCompletion(seriesOf(values), { today: TODAY })).toEqual({
      kind: "projected",
      completionDay: "2026-12-02",
      earliestDay: "2026-12-02",
      latestDay: "2026-12-02",
      slopePerDay: -5,
      basedOnDays: 11,
    });
  });

  it("widens the interval with noise, around the least-squares slope", () => {
    const values = [100, 92, 93, 81, 84, 71, 74, 60, 65, 52, 55];
    const forecast = forecastCompletion(seriesOf(values), { today: TODAY });
    expect(forecast.kind).toBe("projected");
    if (forecast.kind !== "projected") return;
    expect(forecast.slopePerDay).toBeCloseTo(-4.736, 3);
    // 55 left at ~4.7 a day: 55 / 4.736 -> 12 days.
    expect(forecast.completionDay).toBe(addDays(TODAY, 12));
    expect(forecast.earliestDay < forecast.completionDay).toBe(true);
    expect(forecast.latestDay > forecast.completionDay).toBe(true);
  });

  it("fits only the last windowDays days and skips unknown days", () => {
    // A fast early drop outside the window, then 2 a day with gaps.
    const values = [500, 400, 300, ...Array.from({ length: 10 }, (_, i) => (i % 3 === 1 ? null : 40 - 2 * i))];
    const forecast = forecastCompletion(seriesOf(values), { today: TODAY, windowDays: 10 });
    expect(forecast).toMatchObject({ kind: "projected", slopePerDay: -2, basedOnDays: 7 });
    if (forecast.kind === "projected") expect(forecast.completionDay).toBe(addDays(TODAY, 11));
  });

  it("counts from the latest known day, but never projects before today", () => {
    // Known through 5 days ago, at 10 a day with 20 left: zero 3 days ago, shown as today.
    const stale = seriesOf([60, 50, 40, 30, 20], addDays(TODAY, -5));
    expect(forecastCompletion(stale, { today: TODAY })).toMatchObject({
      kind: "projected",
      completionDay: TODAY,
      earliestDay: TODAY,
      latestDay: TODAY,
    });
  });

  it("says no progress when flat, rising, or too noisy to call", () => {
    const flat = forecastCompletion(seriesOf([40, 40, 40, 40]), { today: TODAY });
    expect(flat).toEqual({
      kind: "no-progress",
      slopePerDay: 0,
      reason: "remaining optional instances went from 40 to 40 over 3 days (0.00 a day): no steady decline",
    });
    const rising = forecastCompletion(seriesOf([10, 12, 15, 16]), { today: TODAY });
    expect(rising.kind).toBe("no-progress");
    if (rising.kind === "no-progress") {
      expect(rising.slopePerDay).toBeCloseTo(2.1, 5);
      expect(rising.reason).toMatch(
        /^remaining optional instances went from 10 to 16 over 3 days \(\+2\.10 a day, \+-/,
      );
    }
    // Slightly down on average, but the 80% interval includes zero.
    expect(forecastCompletion(seriesOf([50, 70, 30, 60, 45]), { today: TODAY }).kind).toBe("no-progress");
  });

  it("needs three known days", () => {
    expect(forecastCompletion([], { today: TODAY })).toEqual({
      kind: "no-data",
      reason: "only 0 days with known settings in the last 28 days (3 needed for a trend)",
    });
    expect(forecastCompletion(seriesOf([9, null, 8]), { today: TODAY })).toMatchObject({
      kind: "no-data",
      reason: expect.stringMatching(/^only 2 days/),
    });
    // Old points outside the window do not count.
    expect(forecastCompletion(seriesOf([9, 8, 7], addDays(TODAY, -40)), { today: TODAY }).kind).toBe("no-data");
  });

  it("is done today when nothing is left", () => {
    expect(forecastCompletion(seriesOf([3, 0]), { today: TODAY })).toMatchObject({
      kind: "projected",
      completionDay: TODAY,
      earliestDay: TODAY,
      latestDay: TODAY,
      basedOnDays: 2,
      slopePerDay: -3,
    });
  });

  it("caps the horizon for a very slow decline", () => {
    const values = Array.from({ length: 20 }, (_, i) => 1_000_000 - i);
    const forecast = forecastCompletion(seriesOf(values), { today: TODAY });
    expect(forecast).toMatchObject({ kind: "projected", completionDay: addDays(TODAY, MAX_HORIZON_DAYS) });
  });

  it("names bad input", () => {
    expect(() => forecastCompletion([], { today: "22/11/2026" })).toThrow(/^today: /);
    expect(() => forecastCompletion([{ day: "2026-13-01", optional: 1 }], { today: TODAY })).toThrow(
      'series[0].day: "2026-13-01" is not a YYYY-MM-DD day',
    );
    expect(() => forecastCompletion([], { today: TODAY, windowDays: 0 })).toThrow(/^windowDays: 0/);
  });

  const series = fc.array(
    fc.record({
      day: fc.integer({ min: -40, max: 2 }).map((offset) => addDays(TODAY, offset)),
      optional: fc.oneof(fc.nat(100_000), fc.double({ min: -10, max: 1e6, noNaN: false })),
    }),
    { maxLength: 40 },
  );

  it("never throws on valid days, and orders earliest <= completion <= latest, none before today", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 60 }), (points, windowDays) => {
        const forecast = forecastCompletion(points, { today: TODAY, windowDays });
        if (forecast.kind === "projected") {
          expect(forecast.earliestDay <= forecast.completionDay).toBe(true);
          expect(forecast.completionDay <= forecast.latestDay).toBe(true);
          expect(forecast.earliestDay >= TODAY).toBe(true);
          expect(parseDay(forecast.latestDay) - parseDay(TODAY)).toBeLessThanOrEqual(MAX_HORIZON_DAYS + 2);
          expect(forecast.basedOnDays).toBeGreaterThanOrEqual(1);
        } else if (forecast.kind === "no-data") {
          expect(forecast.reason).toMatch(/^only \d+ days?/);
        } else {
          expect(forecast.reason).toMatch(/no steady decline$/);
        }
      }),
    );
  });

  it("projects for any steadily falling series and says no progress for any flat or rising one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 28 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 1000 }),
        (length, step, left) => {
          const down = Array.from({ length }, (_, i) => left + step * (length - 1 - i));
          const projected = forecastCompletion(seriesOf(down), { today: TODAY });
          expect(projected).toMatchObject({ kind: "projected", completionDay: addDays(TODAY, Math.ceil(left / step)) });
          const up = Array.from({ length }, (_, i) => left + step * i);
          expect(forecastCompletion(seriesOf(up), { today: TODAY }).kind).toBe("no-progress");
        },
      ),
    );
  });
});
