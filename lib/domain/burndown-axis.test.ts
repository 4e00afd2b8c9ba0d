import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { burndownAxis, MAX_PROJECTION_SHARE, tickLabel, timeTicks } from "./burndown-axis";
import { DAY_MS } from "./time";

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe("burndownAxis", () => {
  // The 2000-instance fleet: 90 days of history, zero projected ten months out.
  const fleet = {
    firstDay: "2026-09-07",
    lastDay: "2026-12-05",
    lastValue: 894,
    projection: { completionDay: "2027-09-25", earliestDay: "2027-08-31", latestDay: "2027-10-24" },
  };

  it("gives a far projection at most a quarter of the axis and cuts its line at the axis end", () => {
    const axis = burndownAxis(fleet);
    expect(iso(axis.domain[0])).toBe("2026-09-07");
    expect(iso(axis.domain[1])).toBe("2027-01-03"); // 89 days of history + 29 of projection
    expect(axis.beyond).toBe(true);
    expect(axis.band).toBeNull();
    expect(axis.projection[0]).toEqual({ t: ms("2026-12-05"), projected: 894 });
    // On the straight line to zero on 2027-09-25 (294 days after the last day), 29 days in.
    expect(axis.projection[1]!.t).toBe(ms("2027-01-03"));
    expect(axis.projection[1]!.projected).toBeCloseTo(894 * (1 - 29 / 294), 0);
    expect(axis.tickUnit).toBe("month");
    expect(axis.ticks.map(iso)).toEqual(["2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"]);
  });

  it("draws a near projection whole, with its band, ending at the latest likely day", () => {
    const axis = burndownAxis({
      ...fleet,
      projection: { completionDay: "2026-12-20", earliestDay: "2026-12-15", latestDay: "2026-12-28" },
    });
    expect(axis.beyond).toBe(false);
    expect(iso(axis.domain[1])).toBe("2026-12-28");
    expect(axis.projection.map((point) => [iso(point.t), point.projected])).toEqual([
      ["2026-12-05", 894],
      ["2026-12-20", 0],
    ]);
    expect(axis.band?.map(iso)).toEqual(["2026-12-15", "2026-12-28"]);
  });

  it("clips a band that starts inside the axis and ends beyond it", () => {
    const axis = burndownAxis({
      ...fleet,
      projection: { completionDay: "2026-12-30", earliestDay: "2026-12-25", latestDay: "2027-03-01" },
    });
    expect(axis.beyond).toBe(false);
    expect(axis.band?.map(iso)).toEqual(["2026-12-25", "2027-01-03"]);
  });

  it("without a projection spans the history only; a week of history still gets two days ahead", () => {
    expect(burndownAxis({ ...fleet, projection: null }).domain.map(iso)).toEqual(["2026-09-07", "2026-12-05"]);
    const short = burndownAxis({
      firstDay: "2026-11-29",
      lastDay: "2026-12-05",
      lastValue: 10,
      projection: { completionDay: "2027-06-01", earliestDay: "2027-05-01", latestDay: "2027-07-01" },
    });
    expect(iso(short.domain[1])).toBe("2026-12-07");
    expect(short.tickUnit).toBe("day");
  });

  it("never lets the projection take more than a quarter of the axis, or two days when the history is short", () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((offset) => iso(ms("2025-01-01") + offset * DAY_MS));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 3000 }), (first, history, ahead) => {
        const lastDay = iso(ms(first) + history * DAY_MS);
        const completion = iso(ms(lastDay) + ahead * DAY_MS);
        const axis = burndownAxis({
          firstDay: first,
          lastDay,
          lastValue: 100,
          projection: { completionDay: completion, earliestDay: completion, latestDay: completion },
        });
        const projected = (axis.domain[1] - ms(lastDay)) / (axis.domain[1] - axis.domain[0]);
        expect(projected).toBeLessThanOrEqual(Math.max(MAX_PROJECTION_SHARE, 2 / (history + 2)) + 1e-9);
        expect(axis.projection.at(-1)!.t).toBeLessThanOrEqual(axis.domain[1]);
        expect(axis.projection.at(-1)!.projected).toBeGreaterThanOrEqual(0);
        expect(axis.beyond).toBe(ms(completion) > axis.domain[1]);
      }),
    );
  });
});

describe("timeTicks and tickLabel", () => {
  it("ticks days, weeks or months by span", () => {
    expect(timeTicks(ms("2026-12-01"), ms("2026-12-05"))).toMatchObject({ unit: "day" });
    expect(timeTicks(ms("2026-12-01"), ms("2026-12-05")).ticks).toHaveLength(5);
    expect(timeTicks(ms("2026-11-01"), ms("2026-12-05")).ticks.map(iso)).toEqual([
      "2026-11-01",
      "2026-11-08",
      "2026-11-15",
      "2026-11-22",
      "2026-11-29",
    ]);
    expect(timeTicks(ms("2026-01-15"), ms("2026-12-31")).ticks).toHaveLength(11);
  });

  it("labels months with the year on the first tick and on January", () => {
    expect(tickLabel(ms("2026-10-01"), "month", true)).toBe("Oct 2026");
    expect(tickLabel(ms("2026-11-01"), "month", false)).toBe("Nov");
    expect(tickLabel(ms("2027-01-01"), "month", false)).toBe("Jan 2027");
    expect(tickLabel(ms("2026-11-22"), "week", true)).toBe("Nov 22");
  });
});
