import { DAY_MS } from "./time";

// Migration progress over time, from daily rollups (one row per account x region x day).

export type SettingsSource = "observed" | "reconstructed";

/** One account x region x day of daily_rollup. Null counts: the settings of that day are not known. */
export interface RollupDay {
  day: string; // YYYY-MM-DD
  instances: number | null;
  required: number | null;
  optional: number | null;
  settingsSource: SettingsSource | null;
  v1Calls: number;
  rejectedCalls: number;
}

/** All account-regions of one day. */
export interface MergedDay extends RollupDay {
  /** Account-region rows merged into this day. */
  cells: number;
  /** Of those, rows whose settings counts are unknown (which makes the day's counts unknown). */
  cellsWithoutSettings: number;
}

/** A day of a continuous series: days without any rollup have every value null. */
export interface ProgressPoint {
  day: string;
  instances: number | null;
  required: number | null;
  optional: number | null;
  settingsSource: SettingsSource | null;
  v1Calls: number | null;
  rejectedCalls: number | null;
  /** Percent of instances with HttpTokens=required, null when unknown. */
  v2Share: number | null;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Epoch day of a "YYYY-MM-DD" string; throws naming `field` for anything else. */
export function parseDay(text: string, field = "day"): number {
  const ms = DAY_PATTERN.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: the round trip catches it.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`${field}: ${JSON.stringify(text)} is not a YYYY-MM-DD day`);
  }
  return ms / DAY_MS;
}

export const formatDay = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => formatDay(parseDay(day) + days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => parseDay(to, "to") - parseDay(from, "from");

const sumOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/**
 * Sums the account x region rows of each day, sorted by day. A count stays null when any row's is
 * null (a total missing a region is not the total); the source is the weakest present: any
 * unknown row makes it null, any reconstructed row makes it reconstructed.
 */
export function mergeByDay(rows: readonly RollupDay[]): MergedDay[] {
  const byDay = new Map<string, MergedDay>();
  rows.forEach((row, index) => {
    parseDay(row.day, `rows[${index}].day`);
    const unknown =
      row.instances === null || row.required === null || row.optional === null || row.settingsSource === null;
    const current = byDay.get(row.day);
    if (!current) {
      byDay.set(row.day, { ...row, cells: 1, cellsWithoutSettings: unknown ? 1 : 0 });
      return;
    }
    current.instances = sumOrNull(current.instances, row.instances);
    current.required = sumOrNull(current.required, row.required);
    current.optional = sumOrNull(current.optional, row.optional);
    current.settingsSource = weakerSource(current.settingsSource, row.settingsSource);
    current.v1Calls += row.v1Calls;
    current.rejectedCalls += row.rejectedCalls;
    current.cells += 1;
    current.cellsWithoutSettings += unknown ? 1 : 0;
  });
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

function weakerSource(a: SettingsSource | null, b: SettingsSource | null): SettingsSource | null {
  if (a === null || b === null) return null;
  return a === "reconstructed" || b === "reconstructed" ? "reconstructed" : "observed";
}

/** Percent (0..100) of instances with HttpTokens=required; null when unknown or there are none. */
export function v2Share(row: { instances: number | null; required: number | null }): number | null {
  if (row.instances === null || row.required === null || row.instances <= 0) return null;
  return (row.required / row.instances) * 100;
}

/**
 * One point per day from `from` to `to` inclusive, so charts show gaps as gaps rather than
 * joining the days either side. Days outside the range are dropped.
 */
export function fillDays(days: readonly MergedDay[], range: { from: string; to: string }): ProgressPoint[] {
  const from = parseDay(range.from, "from");
  const to = parseDay(range.to, "to");
  const byDay = new Map(days.map((day) => [day.day, day]));
  const points: ProgressPoint[] = [];
  for (let epochDay = from; epochDay <= to; epochDay++) {
    const day = formatDay(epochDay);
    const known = byDay.get(day);
    points.push(
      known
        ? {
            day,
            instances: known.instances,
            required: known.required,
            optional: known.optional,
            settingsSource: known.settingsSource,
            v1Calls: known.v1Calls,
            rejectedCalls: known.rejectedCalls,
            v2Share: v2Share(known),
          }
        : {
            day,
            instances: null,
            required: null,
            optional: null,
            settingsSource: null,
            v1Calls: null,
            rejectedCalls: null,
            v2Share: null,
          },
    );
  }
  return points;
}

/** Remaining optional instances on each day they are known: the burndown (and the forecast's input). */
export function burndown(
  days: readonly { day: string; optional: number | null }[],
): { day: string; optional: number }[] {
  return days.flatMap((day) => (day.optional === null ? [] : [{ day: day.day, optional: day.optional }]));
}

export interface ProgressChange {
  day: string;
  optional: number;
  required: number;
  v2Share: number | null;
  /** Change in remaining optional instances since the latest known day at or before `days` days earlier. */
  optionalChange: number | null;
  comparedWith: string | null;
}

/**
 * The latest day with known settings, and how the remaining optional count moved over `days`
 * (e.g. 7 for "this week"): negative is progress. Null when no day has known settings.
 * `series` is sorted by day, as mergeByDay returns it.
 */
export function latestProgress(series: readonly MergedDay[], days: number): ProgressChange | null {
  const known = series.filter(
    (day): day is MergedDay & { optional: number; required: number } => day.optional !== null && day.required !== null,
  );
  const latest = known[known.length - 1];
  if (!latest) return null;
  const cutoff = parseDay(latest.day) - days;
  const earlier = [...known].reverse().find((day) => parseDay(day.day) <= cutoff);
  return {
    day: latest.day,
    optional: latest.optional,
    required: latest.required,
    v2Share: v2Share(latest),
    optionalChange: earlier ? latest.optional - earlier.optional : null,
    comparedWith: earlier?.day ?? null,
  };
}
