// Groups the IMDSv1 calls chart's days into weeks (or four-week spans) when a day's bar would be
// too thin to see: 365 days in a 470 px plot would get 1.3 px each.

export interface CallsDay {
  day: string;
  /** null = no metrics that day (not zero). */
  v1Calls: number | null;
  rejectedCalls: number | null;
}

export interface CallsBucket {
  /** First and last day of the bucket (the same day for daily buckets). */
  start: string;
  end: string;
  /** Days in the bucket (the first bucket may be shorter), and of those the days with metrics. */
  days: number;
  knownDays: number;
  /** Sums over the known days; null when no day of the bucket has metrics. */
  v1Calls: number | null;
  rejectedCalls: number | null;
}

/** Days per bucket, narrowest first: daily, weekly, four-weekly. */
export const BUCKET_SIZES = [1, 7, 28] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

/** Width each bucket's slot needs: with the 20% gap between slots a bar is then at least 3 px wide. */
export const MIN_SLOT_PX = 4;

/** The smallest bucket size whose slots are at least `minSlotPx` wide in a plot `plotWidth` px wide. */
export function bucketSizeFor(dayCount: number, plotWidth: number, minSlotPx = MIN_SLOT_PX): BucketSize {
  for (const size of BUCKET_SIZES) {
    if (plotWidth / Math.ceil(dayCount / size) >= minSlotPx) return size;
  }
  return 28;
}

/**
 * Sums consecutive days into buckets of `size` days, counted back from the last day so the most
 * recent bucket is whole and only the first one may be short. Days must be consecutive and sorted.
 */
export function bucketDays(days: readonly CallsDay[], size: BucketSize): CallsBucket[] {
  const buckets: CallsBucket[] = [];
  for (let end = days.length; end > 0; end -= size) {
    const slice = days.slice(Math.max(0, end - size), end);
    const known = slice.filter((day) => day.v1Calls !== null || day.rejectedCalls !== null);
    const sum = (pick: (day: CallsDay) => number | null) =>
      known.length === 0 ? null : known.reduce((total, day) => total + (pick(day) ?? 0), 0);
    buckets.push({
      start: slice[0]!.day,
      end: slice.at(-1)!.day,
      days: slice.length,
      knownDays: known.length,
      v1Calls: sum((day) => day.v1Calls),
      rejectedCalls: sum((day) => day.rejectedCalls),
    });
  }
  return buckets.reverse();
}

/** "per day", "per week", "per 4 weeks": how the chart's title and caption name the bucket. */
export function bucketUnit(size: BucketSize): { per: string; sums: string } {
  switch (size) {
    case 1:
      return { per: "per day", sums: "Daily sums" };
    case 7:
      return { per: "per week", sums: "Weekly sums" };
    case 28:
      return { per: "per 4 weeks", sums: "Four-weekly sums" };
  }
}
