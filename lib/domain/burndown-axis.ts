import { DAY_MS } from "./time";

// The burndown's time axis. A projection months out used to take four fifths of the width and
// squeeze 90 days of history into the rest; here the projection gets at most a quarter of the axis
// (at least two days) and what lies beyond is said in words at the axis' end. Pure, so it is unit-tested.

export interface BurndownProjectionDays {
  completionDay: string;
  earliestDay: string;
  latestDay: string;
}

export interface BurndownAxis {
  /** [first history day, axis end] in epoch ms. */
  domain: [number, number];
  /** The dashed projection: from the last known day to the zero crossing or the axis end. */
  projection: { t: number; projected: number }[];
  /** The completion's likely range within the axis, or null when it lies wholly beyond. */
  band: [number, number] | null;
  /** The projection reaches zero after the axis end (the chart says when in words). */
  beyond: boolean;
  ticks: number[];
  tickUnit: "day" | "week" | "month";
}

/** Of the whole axis, at most this share goes to the projection. */
export const MAX_PROJECTION_SHARE = 0.25;
/** ...but even a few days of history get a couple of days of projection to show its slope. */
export const MIN_PROJECTION_DAYS = 2;

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Tick positions: every day up to 10 days, every week up to 10 weeks, else each first of a month. */
export function timeTicks(from: number, to: number): { ticks: number[]; unit: BurndownAxis["tickUnit"] } {
  const days = Math.round((to - from) / DAY_MS);
  if (days <= 70) {
    const step = days <= 10 ? 1 : 7;
    const ticks: number[] = [];
    for (let t = from; t <= to; t += step * DAY_MS) ticks.push(t);
    return { ticks, unit: step === 1 ? "day" : "week" };
  }
  const ticks: number[] = [];
  const start = new Date(from);
  for (let month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); ;) {
    const t = month.getTime();
    if (t > to) break;
    ticks.push(t);
    month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  }
  return { ticks, unit: "month" };
}

/** The axis for history from `firstDay` to `lastDay` (ending at `lastValue`) and its projection. */
export function burndownAxis(input: {
  firstDay: string;
  lastDay: string;
  lastValue: number;
  projection: BurndownProjectionDays | null;
}): BurndownAxis {
  const first = ms(input.firstDay);
  const last = ms(input.lastDay);
  const historyDays = Math.max(0, Math.round((last - first) / DAY_MS));
  const allowance = Math.max(
    MIN_PROJECTION_DAYS,
    Math.floor((historyDays * MAX_PROJECTION_SHARE) / (1 - MAX_PROJECTION_SHARE)),
  );
  const { projection } = input;
  if (projection === null) {
    return { domain: [first, last], projection: [], band: null, beyond: false, ...withTicks(first, last) };
  }
  const completion = ms(projection.completionDay);
  const earliest = ms(projection.earliestDay);
  const latest = ms(projection.latestDay);
  const end = Math.min(Math.max(latest, completion), last + allowance * DAY_MS);
  const beyond = completion > end;
  // The straight line from (last, lastValue) to (completion, 0), cut at the axis end.
  const valueAt = (t: number) =>
    completion <= last ? 0 : Math.max(0, input.lastValue * (1 - (t - last) / (completion - last)));
  const lineEnd = beyond ? end : completion;
  return {
    domain: [first, end],
    projection: [
      { t: last, projected: input.lastValue },
      { t: lineEnd, projected: Math.round(valueAt(lineEnd) * 10) / 10 },
    ],
    band: earliest > end ? null : [earliest, Math.min(latest, end)],
    beyond,
    ...withTicks(first, end),
  };
}

function withTicks(from: number, to: number) {
  const { ticks, unit } = timeTicks(from, to);
  return { ticks, tickUnit: unit };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 22" for day and week ticks; "Oct" for month ticks, with the year on the first and on January. */
export function tickLabel(t: number, unit: BurndownAxis["tickUnit"], first: boolean): string {
  const date = new Date(t);
  const month = MONTHS[date.getUTCMonth()]!;
  if (unit !== "month") return `${month} ${date.getUTCDate()}`;
  return first || date.getUTCMonth() === 0 ? `${month} ${date.getUTCFullYear()}` : month;
}
