"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  XAxis,
  YAxis,
} from "recharts";
import { percent } from "@/lib/domain/numbers";
import { ChartEmpty, ChartFrame, longDay, shortDay, tooltipValue } from "./chart-frame";

export interface TokensShareDay {
  day: string;
  required: number | null;
  optional: number | null;
  settingsSource: "observed" | "reconstructed" | null;
}

const REQUIRED_COLOUR = "#15803d";
const OPTIONAL_COLOUR = "#b45309";
const OBSERVED_COLOUR = "#374151";
const HATCH_ID = "hatch-reconstructed";
const STRIP_HEIGHT = 7;
const MARGIN = { top: 8 + STRIP_HEIGHT + 4, right: 16, bottom: 0, left: 0 };

/**
 * Where each day's settings come from, as a thin strip above the plot: dark for days a collection
 * observed, hatched for days reconstructed from CloudTrail. Each day's segment is centred on its
 * point; the strip keeps the areas themselves in plain colour, whichever source dominates.
 */
function SourceStrip({ days }: { days: readonly TokensShareDay[] }) {
  const plot = usePlotArea();
  const scale = useXAxisScale();
  if (!plot || !scale || days.length === 0) return null;
  const step = days.length > 1 ? plot.width / (days.length - 1) : plot.width;
  const left = plot.x;
  const right = plot.x + plot.width;
  return (
    <g className="source-strip" aria-hidden="true">
      {days.map((day) => {
        const x = scale(day.day);
        if (day.settingsSource === null || x === undefined) return null;
        let from = Math.max(left, x - step / 2);
        let to = Math.min(right, x + step / 2);
        // The first and last day get half a step; never less than 3 px, so one observed day shows.
        if (to - from < 3) {
          if (from === left) to = from + 3;
          else from = to - 3;
        }
        return (
          <rect
            key={day.day}
            x={from}
            y={plot.y - STRIP_HEIGHT - 4}
            width={to - from}
            height={STRIP_HEIGHT}
            fill={day.settingsSource === "observed" ? OBSERVED_COLOUR : `url(#${HATCH_ID})`}
            shapeRendering="crispEdges"
          />
        );
      })}
    </g>
  );
}

/** The chart's key, in HTML: the two areas and the two sources of the strip above the plot. */
function ShareLegend({ observed, reconstructed }: { observed: number; reconstructed: number }) {
  return (
    <ul className="chart-legend" aria-label="Key">
      <li>
        <span className="legend-swatch" style={{ background: REQUIRED_COLOUR }} aria-hidden="true" />
        required (IMDSv2-only)
      </li>
      <li>
        <span className="legend-swatch" style={{ background: OPTIONAL_COLOUR }} aria-hidden="true" />
        optional (IMDSv1 allowed)
      </li>
      {reconstructed > 0 ? (
        <li data-testid="legend-reconstructed">
          <span className="legend-swatch legend-strip legend-hatched" aria-hidden="true" />
          reconstructed from CloudTrail ({reconstructed} {reconstructed === 1 ? "day" : "days"})
        </li>
      ) : null}
      {observed > 0 ? (
        <li data-testid="legend-observed">
          <span className="legend-swatch legend-strip" style={{ background: OBSERVED_COLOUR }} aria-hidden="true" />
          observed by a collection ({observed} {observed === 1 ? "day" : "days"})
        </li>
      ) : null}
    </ul>
  );
}

/** Share of instances by HttpTokens per day, stacked to 100%, with where each day's settings come from. */
export function TokensShareChart({ days }: { days: readonly TokensShareDay[] }) {
  const known = days.filter((day) => day.required !== null || day.optional !== null);
  const observed = known.filter((day) => day.settingsSource === "observed").length;
  const reconstructed = known.filter((day) => day.settingsSource === "reconstructed").length;
  const bySource = new Map(days.map((day) => [day.day, day.settingsSource]));
  // An area of one or two days is too thin to see: mark each known day with a dot as well.
  const dot = known.length <= 2;
  const last = known.at(-1);
  const lastShare = last ? percent(last.required ?? 0, (last.required ?? 0) + (last.optional ?? 0)) : null;
  return (
    <ChartFrame
      title="IMDSv2-only share over time"
      testId="chart-tokens-share"
      points={known.length}
      data={{ "data-observed-days": observed, "data-reconstructed-days": reconstructed }}
      caption={
        known.length === 0
          ? "No settings history in this range yet."
          : `Instances with HttpTokens required (IMDSv2-only) and optional per day, as a share of all instances, ${known.length} days${
              lastShare === null || !last ? "" : `; ${lastShare}% IMDSv2-only on ${longDay(last.day)}`
            }.`
      }
      note={
        reconstructed > 0
          ? `The strip above the plot says where each day's settings come from: ${reconstructed} ${
              reconstructed === 1 ? "day" : "days"
            } reconstructed from CloudTrail event history (hatched), ${observed} observed by a collection (dark).`
          : undefined
      }
    >
      {known.length === 0 ? (
        <ChartEmpty>No settings history yet: collect to record today&apos;s settings.</ChartEmpty>
      ) : (
        <>
          <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
            <AreaChart data={[...days]} stackOffset="expand" margin={MARGIN}>
              <defs>
                <pattern id={HATCH_ID} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                  <rect width="4" height="4" fill="#ffffff" />
                  <line x1="0" y1="0" x2="0" y2="4" stroke="#6b7280" strokeWidth="2" />
                </pattern>
              </defs>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
              <YAxis tickFormatter={(value: number) => `${Math.round(value * 100)}%`} width={48} />
              <Tooltip
                labelFormatter={(label) => {
                  const source = bySource.get(String(label));
                  return `${longDay(String(label))}${source ? ` · ${source === "observed" ? "observed" : "reconstructed from CloudTrail"}` : ""}`;
                }}
                formatter={(value, name) => [`${tooltipValue(value)} instances`, name]}
              />
              <Area
                type="linear"
                dataKey="required"
                name="required (IMDSv2-only)"
                stackId="tokens"
                stroke={REQUIRED_COLOUR}
                strokeWidth={2}
                fill={REQUIRED_COLOUR}
                fillOpacity={0.75}
                dot={dot}
                isAnimationActive={false}
              />
              <Area
                type="linear"
                dataKey="optional"
                name="optional (IMDSv1 allowed)"
                stackId="tokens"
                stroke={OPTIONAL_COLOUR}
                strokeWidth={2}
                fill={OPTIONAL_COLOUR}
                fillOpacity={0.55}
                dot={dot}
                isAnimationActive={false}
              />
              <SourceStrip days={days} />
            </AreaChart>
          </ResponsiveContainer>
          <ShareLegend observed={observed} reconstructed={reconstructed} />
        </>
      )}
    </ChartFrame>
  );
}
