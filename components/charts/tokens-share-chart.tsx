"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartEmpty, ChartFrame, shortDay } from "./chart-frame";

export interface TokensShareDay {
  day: string;
  required: number | null;
  optional: number | null;
  settingsSource: "observed" | "reconstructed" | null;
}

export const REQUIRED_COLOUR = "#15803d";
export const OPTIONAL_COLOUR = "#b45309";

/** Contiguous runs of reconstructed days, as [first, last] day pairs. */
export function reconstructedSpans(days: readonly TokensShareDay[]): [string, string][] {
  const spans: [string, string][] = [];
  let start: string | null = null;
  let previous: string | null = null;
  for (const day of days) {
    if (day.settingsSource === "reconstructed") {
      start ??= day.day;
      previous = day.day;
    } else if (start !== null && previous !== null) {
      spans.push([start, previous]);
      start = null;
    }
  }
  if (start !== null && previous !== null) spans.push([start, previous]);
  return spans;
}

/** Share of instances by HttpTokens per day, stacked to 100%; reconstructed days are hatched. */
export function TokensShareChart({ days, title = "IMDSv2-only share over time" }: { days: readonly TokensShareDay[]; title?: string }) {
  const known = days.filter((day) => day.required !== null || day.optional !== null);
  const spans = reconstructedSpans(days);
  // An area of one or two days is too thin to see: mark each known day with a dot as well.
  const dot = known.length <= 2;
  const last = known.at(-1);
  const lastShare =
    last && (last.required ?? 0) + (last.optional ?? 0) > 0
      ? Math.round(((last.required ?? 0) / ((last.required ?? 0) + (last.optional ?? 0))) * 1000) / 10
      : null;
  return (
    <ChartFrame
      title={title}
      testId="chart-tokens-share"
      points={known.length}
      caption={
        known.length === 0
          ? "No settings history in this range yet."
          : `Instances with HttpTokens required (IMDSv2-only) and optional per day, as a share of all instances, ${known.length} days${
              lastShare === null ? "" : `; ${lastShare}% IMDSv2-only on ${last?.day}`
            }.`
      }
      note={
        spans.length > 0
          ? "Hatched days are reconstructed from CloudTrail event history; the others were observed by a collection."
          : undefined
      }
    >
      {known.length === 0 ? (
        <ChartEmpty>No settings history yet: collect to record today&apos;s settings.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
          <AreaChart data={[...days]} stackOffset="expand" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <defs>
              <pattern id="hatch-reconstructed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" fill="#ffffff" fillOpacity={0.35} />
                <line x1="0" y1="0" x2="0" y2="6" stroke="#1a1f29" strokeWidth="1.5" strokeOpacity={0.35} />
              </pattern>
            </defs>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={(value: number) => `${Math.round(value * 100)}%`} width={48} />
            <Tooltip labelFormatter={(label) => String(label)} />
            <Legend />
            <Area type="stepAfter" dataKey="required" name="required (v2-only)" stackId="tokens" stroke={REQUIRED_COLOUR} fill={REQUIRED_COLOUR} fillOpacity={0.75} dot={dot} isAnimationActive={false} />
            <Area type="stepAfter" dataKey="optional" name="optional (v1 allowed)" stackId="tokens" stroke={OPTIONAL_COLOUR} fill={OPTIONAL_COLOUR} fillOpacity={0.55} dot={dot} isAnimationActive={false} />
            {spans.map(([from, to]) => (
              <ReferenceArea key={from} x1={from} x2={to} fill="url(#hatch-reconstructed)" fillOpacity={1} ifOverflow="hidden" />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
