import { describe, expect, it } from "vitest";
import type { MetricSeries } from "@/lib/aws/metrics";
import { DAY_MS, HOUR_MS } from "@/lib/domain/time";
import { planMetricWindow, toStoredPoints } from "./collect-metrics";

const today = Date.UTC(2026, 10, 22);
const now = today + 10 * HOUR_MS + 17 * 60_000; // 10:17 UTC
const options = { backfillDays: 90, hourlyHours: 48 };

describe("planMetricWindow", () => {
  it("backfills the configured window the first time", () => {
    const plan = planMetricWindow(now, null, options);
    expect(plan.from).toBe(today - 90 * DAY_MS);
    expect(plan.todayStart).toBe(today);
    expect(plan.hourlyStart).toBe(today - 2 * DAY_MS); // day-aligned, covers the last 48 h
    expect(plan.hourlyEnd).toBe(today + 10 * HOUR_MS); // complete hours only
  });

  it("reads only new days afterwards", () => {
    const plan = planMetricWindow(now, today - DAY_MS, options);
    expect(plan.from).toBe(today - DAY_MS);
    expect(plan.from).toBeGreaterThan(plan.hourlyStart); // so no daily-period call is needed
  });

  it("never asks for data older than CloudWatch keeps", () => {
    expect(planMetricWindow(now, null, { backfillDays: 455, hourlyHours: 48 }).from).toBe(today - 455 * DAY_MS);
    expect(planMetricWindow(now, today - 900 * DAY_MS, options).from).toBe(today - 455 * DAY_MS);
  });
});

const series = (instanceId: string, metric: MetricSeries["metric"], points: [number, number][]): MetricSeries => ({
  instanceId,
  metric,
  points: new Map(points),
});

describe("toStoredPoints", () => {
  const plan = planMetricWindow(now, null, options);

  it("keeps non-zero points, and counts zero datapoints as reported days", () => {
    const daily = [
      series("i-1", "MetadataNoToken", [
        [today - 10 * DAY_MS, 0],
        [today - 9 * DAY_MS, 42],
      ]),
    ];
    const { points, reportedDays } = toStoredPoints(daily, [], plan);
    expect(points).toEqual([
      { instanceId: "i-1", metric: "MetadataNoToken", period: 86400, timestamp: today - 9 * DAY_MS, value: 42 },
    ]);
    expect(reportedDays.get("i-1")).toEqual([(today - 10 * DAY_MS) / DAY_MS, (today - 9 * DAY_MS) / DAY_MS]);
  });

  it("derives exact daily sums for complete days from hourly points, not for today", () => {
    const yesterday = today - DAY_MS;
    const hourly = [
      series("i-2", "MetadataNoTokenRejected", [
        [yesterday + HOUR_MS, 3],
        [yesterday + 5 * HOUR_MS, 4],
        [today + HOUR_MS, 9],
      ]),
    ];
    const { points, reportedDays } = toStoredPoints([], hourly, plan);
    const daily = points.filter((p) => p.period === 86400);
    expect(daily).toEqual([
      { instanceId: "i-2", metric: "MetadataNoTokenRejected", period: 86400, timestamp: yesterday, value: 7 },
    ]);
    expect(points.filter((p) => p.period === 3600)).toHaveLength(3);
    expect(reportedDays.get("i-2")).toEqual([yesterday / DAY_MS]);
  });

  it("reports nothing for an instance CloudWatch returned no datapoints for (no data is not zero)", () => {
    const { points, reportedDays } = toStoredPoints([series("i-3", "MetadataNoToken", [])], [], plan);
    expect(points).toEqual([]);
    expect(reportedDays.has("i-3")).toBe(false);
  });
});
