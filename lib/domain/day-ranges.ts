/** An inclusive range of epoch days: [from, to]. */
export interface DayRange {
  from: number;
  to: number;
}

/**
 * Union of ranges and single days, with touching ranges joined (day 5 and day 6 form one range).
 * Used to keep, per instance, the days in which CloudWatch had data at all.
 */
export function mergeDayRanges(ranges: readonly DayRange[], days: Iterable<number> = []): DayRange[] {
  const all: DayRange[] = [...ranges];
  for (const day of days) all.push({ from: day, to: day });
  all.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: DayRange[] = [];
  for (const range of all) {
    if (range.to < range.from) continue;
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}

/** How many days of [from, to] the ranges cover. */
export function coveredDays(ranges: readonly DayRange[], from: number, to: number): number {
  let total = 0;
  for (const range of mergeDayRanges(ranges)) {
    const start = Math.max(range.from, from);
    const end = Math.min(range.to, to);
    if (end >= start) total += end - start + 1;
  }
  return total;
}
