"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import styles from "@/components/instances/instances.module.css";
import { compactNumber, tooltipValue } from "./chart-frame";

export interface InstanceMetricSample {
  at: string;
  /** null = no data (not zero). */
  v1Calls: number | null;
  rejectedCalls: number | null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Fixed English labels in UTC so the server and the browser print the same text.
const dayLabel = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
const hourLabel = (iso: string) => `${dayLabel(iso)} ${iso.slice(11, 13)}:00`;

/** Runs of consecutive samples without data, as [first, last] labels for shaded bands. */
function noDataRuns(samples: readonly { label: string; noData: boolean }[]): [string, string][] {
  const runs: [string, string][] = [];
  let start: string | null = null;
  let previous: string | null = null;
  for (const sample of samples) {
    if (sample.noData) {
      start ??= sample.label;
      previous = sample.label;
    } else if (start !== null && previous !== null) {
      runs.push([start, previous]);
      start = null;
    }
  }
  if (start !== null && previous !== null) runs.push([start, previous]);
  return runs;
}

/**
 * MetadataNoToken and MetadataNoTokenRejected per day or hour for one instance. Periods without
 * data are shaded grey and counted in the caption, so "no data" never reads as zero calls.
 */
export function InstanceMetricsChart({
  title,
  samples,
  granularity,
  testId,
}: {
  title: string;
  samples: readonly InstanceMetricSample[];
  granularity: "day" | "hour";
  testId?: string;
}) {
  const label = granularity === "day" ? dayLabel : hourLabel;
  const data = samples.map((sample) => ({
    label: label(sample.at),
    v1Calls: sample.v1Calls,
    rejectedCalls: sample.rejectedCalls,
    noData: sample.v1Calls === null && sample.rejectedCalls === null,
  }));
  const known = data.filter((sample) => !sample.noData);
  const v1Total = known.reduce((sum, sample) => sum + (sample.v1Calls ?? 0), 0);
  const rejectedTotal = known.reduce((sum, sample) => sum + (sample.rejectedCalls ?? 0), 0);
  const unit = granularity === "day" ? "days" : "hours";
  const caption =
    known.length === 0
      ? `No data in any of the ${samples.length} ${unit}: CloudWatch reported nothing for this instance (stopped, not launched yet, or not collected).`
      : `${v1Total.toLocaleString("en-US")} IMDSv1 calls (MetadataNoToken) and ${rejectedTotal.toLocaleString("en-US")} rejected calls (MetadataNoTokenRejected) in the ${known.length} of ${samples.length} ${unit} with data.`;

  return (
    <figure
      className={styles.chart}
      aria-label={title}
      data-testid={testId}
      data-known={known.length}
      data-v1-total={v1Total}
      data-rejected-total={rejectedTotal}
    >
      <h3>{title}</h3>
      <div>
        <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 600, height: 220 }}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {noDataRuns(data).map(([from, to]) => (
              <ReferenceArea key={from} x1={from} x2={to} fill="#d1d5db" fillOpacity={0.6} ifOverflow="extendDomain" />
            ))}
            <XAxis dataKey="label" minTickGap={24} tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={compactNumber} width={44} allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(value, name) => [tooltipValue(value), name]} />
            <Legend />
            <Bar dataKey="v1Calls" name="MetadataNoToken" fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey="rejectedCalls" name="MetadataNoTokenRejected" fill="#b91c1c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className={styles.chartNote}>
        <span className={styles.noDataSwatch} aria-hidden="true" />
        Grey: no data ({samples.length - known.length} {unit}). {caption}
      </figcaption>
    </figure>
  );
}
