"use client";

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartEmpty, ChartFrame, dayToMs, msToDay, shortDay } from "./chart-frame";

export interface BurndownDay {
  day: string;
  optional: number;
}

export interface BurndownProjection {
  completionDay: string;
  earliestDay: string;
  latestDay: string;
}

// A projection years out would squash the history into a sliver; beyond this it is only told in words.
const MAX_PROJECTION_DAYS = 730;

/** Remaining optional instances per day, with the projected line to zero and its uncertainty band. */
export function BurndownChart({
  days,
  projection,
  summary,
}: {
  days: readonly BurndownDay[];
  projection: BurndownProjection | null;
  summary: string;
}) {
  const last = days.at(-1);
  const points: { t: number; optional?: number; projected?: number }[] = days.map((day) => ({
    t: dayToMs(day.day),
    optional: day.optional,
  }));
  const drawable =
    projection !== null &&
    last !== undefined &&
    dayToMs(projection.latestDay) - dayToMs(last.day) <= MAX_PROJECTION_DAYS * 86_400_000;
  if (drawable && last) {
    points[points.length - 1] = { ...points[points.length - 1]!, projected: last.optional };
    points.push({ t: dayToMs(projection.completionDay), projected: 0 });
  }
  // A projection into another year needs the year on its ticks ("Dec 20 2027"), else they read as this year.
  const lastMs = drawable && projection ? dayToMs(projection.latestDay) : dayToMs(last?.day ?? "1970-01-01");
  const spansYears = days.length > 0 && days[0]!.day.slice(0, 4) !== msToDay(lastMs).slice(0, 4);
  const tick = (value: number) => {
    const day = msToDay(value);
    return spansYears ? `${shortDay(day)} ${day.slice(0, 4)}` : shortDay(day);
  };
  return (
    <ChartFrame
      title="Burndown: instances still allowing IMDSv1"
      testId="chart-burndown"
      points={days.length}
      caption={`Instances with HttpTokens optional per day. ${summary}`}
    >
      {days.length === 0 ? (
        <ChartEmpty>No settings history yet: collect to start the burndown.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
          <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", drawable && projection ? dayToMs(projection.latestDay) : "dataMax"]}
              tickFormatter={tick}
              minTickGap={32}
            />
            <YAxis width={48} allowDecimals={false} />
            <Tooltip labelFormatter={(value) => msToDay(Number(value))} />
            <Legend />
            {drawable && projection ? (
              <ReferenceArea
                x1={dayToMs(projection.earliestDay)}
                x2={dayToMs(projection.latestDay)}
                fill="#1d4ed8"
                fillOpacity={0.12}
                ifOverflow="extendDomain"
              />
            ) : null}
            <Line dataKey="optional" name="optional instances" stroke="#b45309" strokeWidth={2} dot={false} isAnimationActive={false} />
            {drawable ? (
              <Line dataKey="projected" name="projection" stroke="#1d4ed8" strokeDasharray="6 4" dot={false} connectNulls isAnimationActive={false} />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
