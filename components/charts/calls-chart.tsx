"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bucketDays, bucketSizeFor, bucketUnit, type CallsBucket, type CallsDay } from "@/lib/domain/call-buckets";
import { formatInteger } from "@/lib/domain/numbers";
import { ChartEmpty, ChartFrame, compactNumber, longDay, shortDay, tooltipValue } from "./chart-frame";
import { useWidth } from "./use-width";

export type { CallsDay };

const Y_AXIS_WIDTH = 48;
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
// Before the first measurement: the narrowest the chart is drawn (half a 1440 px page).
const ASSUMED_WIDTH = 500;
const V1_COLOUR = "#1d4ed8";
const REJECTED_COLOUR = "#b91c1c";
// A bar with calls is never thinner than this (recharts would draw a 100-call day 0.02 px tall).
const minPointSize = (value: number | null | undefined) => (value ? 2 : 0);

function bucketLabel(bucket: CallsBucket | undefined): string {
  if (!bucket) return "";
  if (bucket.days === 1) return longDay(bucket.start);
  const data = bucket.knownDays === bucket.days ? "" : `, ${bucket.knownDays} with data`;
  return `${shortDay(bucket.start)} – ${longDay(bucket.end)} (${bucket.days} days${data})`;
}

/**
 * MetadataNoToken (IMDSv1 calls answered) and MetadataNoTokenRejected (refused) summed per day,
 * stacked: together they are every tokenless call. When a day would be narrower than a few pixels
 * the days are summed into weeks (or four weeks), and the title and caption say so. `days` end
 * today; today's calls are read only once the day is complete, so an empty today is left out.
 */
export function CallsChart({ days }: { days: readonly CallsDay[] }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const today = days.at(-1);
  const complete = today && !today.v1Calls && !today.rejectedCalls ? days.slice(0, -1) : days;
  const known = complete.filter((day) => day.v1Calls !== null || day.rejectedCalls !== null);
  const plotWidth = (width ?? ASSUMED_WIDTH) - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right;
  const size = bucketSizeFor(complete.length, plotWidth);
  const buckets = bucketDays(complete, size);
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const unit = bucketUnit(size);
  const totalV1 = known.reduce((sum, day) => sum + (day.v1Calls ?? 0), 0);
  const totalRejected = known.reduce((sum, day) => sum + (day.rejectedCalls ?? 0), 0);
  const last = complete.at(-1)?.day;
  return (
    <ChartFrame
      title={`IMDSv1 calls ${unit.per}`}
      testId="chart-calls"
      points={known.length}
      data={{ "data-bucket-days": size, "data-buckets": buckets.length }}
      caption={
        known.length === 0 || !last
          ? "No call metrics in this range yet."
          : `${unit.sums} through ${longDay(last)}${size === 1 ? "" : ` (${size} days each, the first may be shorter)`}, stacked: ` +
            `${formatInteger(totalV1)} IMDSv1 calls answered (MetadataNoToken) and ${formatInteger(totalRejected)} refused ` +
            `(MetadataNoTokenRejected) in the ${known.length} days with data. Today's calls are read tomorrow.`
      }
    >
      <div ref={ref}>
        {known.length === 0 ? (
          <ChartEmpty>No call metrics yet: a collection reads them from CloudWatch.</ChartEmpty>
        ) : (
          <ResponsiveContainer width="100%" height={260} initialDimension={{ width: ASSUMED_WIDTH, height: 260 }}>
            <BarChart data={buckets} margin={MARGIN} barCategoryGap="20%">
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="start" tickFormatter={shortDay} minTickGap={24} />
              <YAxis tickFormatter={compactNumber} width={Y_AXIS_WIDTH} />
              <Tooltip
                labelFormatter={(label) => bucketLabel(byStart.get(String(label)))}
                formatter={(value, name) => [tooltipValue(value), name]}
              />
              <Legend />
              <Bar
                dataKey="v1Calls"
                name="answered (MetadataNoToken)"
                stackId="calls"
                fill={V1_COLOUR}
                minPointSize={minPointSize}
                isAnimationActive={false}
              />
              <Bar
                dataKey="rejectedCalls"
                name="refused (MetadataNoTokenRejected)"
                stackId="calls"
                fill={REJECTED_COLOUR}
                minPointSize={minPointSize}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </ChartFrame>
  );
}
