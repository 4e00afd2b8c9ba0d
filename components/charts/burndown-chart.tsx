"use client";

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  usePlotArea,
  XAxis,
  YAxis,
} from "recharts";
import { burndownAxis, tickLabel, type BurndownProjectionDays } from "@/lib/domain/burndown-axis";
import { formatInteger } from "@/lib/domain/numbers";
import { ChartEmpty, ChartFrame, dayToMs, longDay, msToDay, tooltipValue } from "./chart-frame";

export interface BurndownDay {
  day: string;
  optional: number;
}

export type BurndownProjection = BurndownProjectionDays;

const HISTORY_COLOUR = "#b45309";
const PROJECTION_COLOUR = "#1d4ed8";

/** Where the projection reaches zero when that lies beyond the axis: said at the axis' right end. */
function BeyondNote({ text }: { text: string }) {
  const plot = usePlotArea();
  if (!plot) return null;
  return (
    <text
      x={plot.x + plot.width - 4}
      y={plot.y + 14}
      textAnchor="end"
      fontSize={12}
      fill={PROJECTION_COLOUR}
      data-testid="burndown-beyond"
    >
      {text}
    </text>
  );
}

/**
 * Remaining optional instances per day, with the projected line to zero and its likely range.
 * History keeps at least three quarters of the axis: a projection further out is cut at the
 * axis' end and its date told there in words (lib/domain/burndown-axis).
 */
export function BurndownChart({
  days,
  projection,
  summary,
}: {
  days: readonly BurndownDay[];
  projection: BurndownProjection | null;
  summary: string;
}) {
  const first = days[0];
  const last = days.at(-1);
  const axis =
    first && last
      ? burndownAxis({ firstDay: first.day, lastDay: last.day, lastValue: last.optional, projection })
      : null;
  const points: { t: number; optional?: number; projected?: number }[] = days.map((day) => ({
    t: dayToMs(day.day),
    optional: day.optional,
  }));
  if (axis && axis.projection.length > 0) {
    points[points.length - 1] = { ...points[points.length - 1]!, projected: axis.projection[0]!.projected };
    points.push(...axis.projection.slice(1));
  }
  const beyond =
    axis?.beyond && projection
      ? `reaches zero ${longDay(projection.completionDay)} (likely ${longDay(projection.earliestDay)} – ${longDay(projection.latestDay)}) →`
      : null;
  return (
    <ChartFrame
      title="Burndown: instances still allowing IMDSv1"
      testId="chart-burndown"
      points={days.length}
      data={
        axis ? { "data-ticks": axis.ticks.length, "data-projection-cut": axis.beyond ? "true" : "false" } : undefined
      }
      caption={`Instances with HttpTokens optional per day.${
        beyond ? " The projection is cut at the axis' end; the date it reaches zero is written there." : ""
      } ${summary}`}
    >
      {days.length === 0 || !axis ? (
        <ChartEmpty>No settings history yet: collect to start the burndown.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
          <ComposedChart data={points} margin={{ top: 8, right: 28, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={axis.domain}
              allowDataOverflow
              ticks={axis.ticks}
              interval="preserveStartEnd"
              tickFormatter={(value: number) => tickLabel(value, axis.tickUnit, value === axis.ticks[0])}
              minTickGap={8}
            />
            <YAxis width={48} allowDecimals={false} tickFormatter={(value: number) => formatInteger(value)} />
            <Tooltip
              labelFormatter={(value) => longDay(msToDay(Number(value)))}
              formatter={(value, name) => [tooltipValue(value), name]}
            />
            <Legend />
            {axis.band ? (
              <ReferenceArea
                x1={axis.band[0]}
                x2={axis.band[1]}
                fill={PROJECTION_COLOUR}
                fillOpacity={0.12}
                ifOverflow="hidden"
              />
            ) : null}
            <Line
              dataKey="optional"
              name="optional instances"
              stroke={HISTORY_COLOUR}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            {axis.projection.length > 0 ? (
              <Line
                dataKey="projected"
                name="projection"
                stroke={PROJECTION_COLOUR}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            ) : null}
            {beyond ? <BeyondNote text={beyond} /> : null}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
