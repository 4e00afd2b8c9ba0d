"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartEmpty, ChartFrame, shortDay } from "./chart-frame";

export interface CallsDay {
  day: string;
  v1Calls: number | null;
  rejectedCalls: number | null;
}

const compact = (value: number) =>
  value >= 1_000_000 ? `${Math.round(value / 100_000) / 10}M` : value >= 1_000 ? `${Math.round(value / 100) / 10}k` : String(value);

/** Daily sums of MetadataNoToken (IMDSv1 calls) and MetadataNoTokenRejected (refused ones). */
export function CallsChart({ days, title = "IMDSv1 calls per day" }: { days: readonly CallsDay[]; title?: string }) {
  const known = days.filter((day) => day.v1Calls !== null);
  const totalV1 = known.reduce((sum, day) => sum + (day.v1Calls ?? 0), 0);
  const totalRejected = known.reduce((sum, day) => sum + (day.rejectedCalls ?? 0), 0);
  return (
    <ChartFrame
      title={title}
      testId="chart-calls"
      points={known.length}
      caption={
        known.length === 0
          ? "No call metrics in this range yet."
          : `Daily sums of MetadataNoToken (${totalV1.toLocaleString("en-US")} in ${known.length} days) and MetadataNoTokenRejected (${totalRejected.toLocaleString("en-US")}).`
      }
    >
      {known.length === 0 ? (
        <ChartEmpty>No call metrics yet: a collection reads them from CloudWatch.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
          <BarChart data={[...days]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={compact} width={48} />
            <Tooltip labelFormatter={(label) => String(label)} />
            <Legend />
            <Bar dataKey="v1Calls" name="MetadataNoToken" fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey="rejectedCalls" name="MetadataNoTokenRejected" fill="#b91c1c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
