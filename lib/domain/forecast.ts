import { formatDay, parseDay } from "./progress";

export type Forecast =
  | { kind: "no-data"; reason: string }
  | { kind: "no-progress"; slopePerDay: number; reason: string }
  | {
      kind: "projected";
      completionDay: string;
      earliestDay: string;
      latestDay: string;
      slopePerDay: number;
      basedOnDays: number;
    };

export interface ForecastOptions {
  /** YYYY-MM-DD, the day the forecast is made. */
  today: string;
  /** How many recent days the trend is fitted over. Default 28. */
  windowDays?: number;
}

const MIN_POINTS = 3;
/** Projections further out than this are shown as this far: beyond it the date means nothing. */
export const MAX_HORIZON_DAYS = 3650;

/** One-sided 90% quantiles of Student's t (so slope +- t*se is an 80% interval), df 1..30. */
const T90 = [
  3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345, 1.341, 1.337, 1.333,
  1.33, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.31,
];
const Z90 = 1.2816;
/** Beyond the table, the Cornish-Fisher expansion is within 0.001 of the exact quantile. */
const t90 = (df: number) => T90[df - 1] ?? Z90 + (Z90 ** 3 + Z90) / (4 * df);

/**
 * When the remaining optional instances reach zero at the recent pace: a least-squares line over
 * the known days in (today - windowDays, today], with an ~80% interval from the slope's standard
 * error. Counted from the latest known value, never before today. "no-progress" when the slope is
 * not significantly negative (the interval's upper end is >= 0); "no-data" with fewer than 3
 * known days. Non-finite or negative counts are ignored; a repeated day keeps its last value.
 */
export function forecastCompletion(
  series: readonly { day: string; optional: number }[],
  options: ForecastOptions,
): Forecast {
  const today = parseDay(options.today, "today");
  const windowDays = options.windowDays ?? 28;
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new RangeError(`windowDays: ${windowDays} is not a whole number of days >= 1`);
  }

  const byDay = new Map<number, number>();
  series.forEach((point, index) => {
    const day = parseDay(point.day, `series[${index}].day`);
    if (day > today - windowDays && day <= today && Number.isFinite(point.optional) && point.optional >= 0) {
      byDay.set(day, point.optional);
    }
  });
  const points = [...byDay].sort(([a], [b]) => a - b);
  const latest = points[points.length - 1];
  if (latest && latest[1] === 0) {
    // Nothing left: done, whatever the trend.
    const day = formatDay(today);
    return {
      kind: "projected",
      completionDay: day,
      earliestDay: day,
      latestDay: day,
      slopePerDay: slopeOf(points),
      basedOnDays: points.length,
    };
  }
  if (!latest || points.length < MIN_POINTS) {
    return {
      kind: "no-data",
      reason: `only ${points.length} day${points.length === 1 ? "" : "s"} with known settings in the last ${windowDays} days (${MIN_POINTS} needed for a trend)`,
    };
  }

  const fit = leastSquares(points);
  const margin = t90(points.length - 2) * fit.standardError;
  const [first] = points;
  if (!(fit.slope + margin < 0)) {
    const span = latest[0] - first![0];
    return {
      kind: "no-progress",
      slopePerDay: fit.slope,
      reason:
        `remaining optional instances went from ${first![1]} to ${latest[1]} over ${span} day${span === 1 ? "" : "s"} ` +
        `(${formatRate(fit.slope)} a day${margin > 0 ? `, +-${formatRate(margin)}` : ""}): no steady decline`,
    };
  }

  // Days from the latest known day until zero at a given (negative) slope, capped.
  const daysToZero = (slope: number) => Math.min(Math.ceil(latest[1] / -slope), MAX_HORIZON_DAYS);
  const fromLatest = (slope: number) => formatDay(Math.max(today, latest[0] + daysToZero(slope)));
  return {
    kind: "projected",
    completionDay: fromLatest(fit.slope),
    earliestDay: fromLatest(fit.slope - margin),
    latestDay: fromLatest(fit.slope + margin),
    slopePerDay: fit.slope,
    basedOnDays: points.length,
  };
}

function leastSquares(absolute: readonly [number, number][]): { slope: number; standardError: number } {
  // Days counted from the first point keep the sums small and exact for whole counts.
  const origin = absolute[0]?.[0] ?? 0;
  const points = absolute.map(([x, y]): [number, number] => [x - origin, y]);
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (const [x, y] of points) sse += (y - (intercept + slope * x)) ** 2;
  return { slope, standardError: Math.sqrt(sse / (n - 2) / sxx) };
}

const slopeOf = (points: readonly [number, number][]) => (points.length >= 2 ? leastSquares(points).slope : 0);

const formatRate = (value: number) => {
  const rounded = Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(2);
  return value > 0 ? `+${rounded}` : rounded;
};
