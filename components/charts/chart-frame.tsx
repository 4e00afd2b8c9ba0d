import type { ReactNode } from "react";
import { formatInteger } from "@/lib/domain/numbers";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-22" -> "Nov 22": fixed English month names so server and browser print the same. */
export function shortDay(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${MONTHS[month - 1] ?? day.slice(5, 7)} ${Number(day.slice(8, 10))}`;
}

/** "Nov 22 2026": with the year, for spans that cross one or for a lone date. */
export const longDay = (day: string) => `${shortDay(day)} ${day.slice(0, 4)}`;

/** A tooltip's value: counts with thousands separators ("682,354"), a missing value as "no data". */
export function tooltipValue(value: unknown): string {
  if (typeof value === "number") return formatInteger(Math.round(value));
  if (value === null || value === undefined) return "no data";
  return String(value);
}

/** "1.2M", "900k", "300": y-axis ticks of large counts. */
export const compactNumber = (value: number) =>
  value >= 1_000_000
    ? `${Math.round(value / 100_000) / 10}M`
    : value >= 1_000
      ? `${Math.round(value / 100) / 10}k`
      : String(value);

export const dayToMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const msToDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A chart with its title and a caption that says in words what it shows, so the figure has a
 * text alternative. `points` is the number of days drawn (specs compare it with the API).
 */
export function ChartFrame({
  title,
  caption,
  points,
  testId,
  children,
  note,
  data,
}: {
  title: string;
  caption: string;
  points: number;
  testId?: string;
  children: ReactNode;
  note?: ReactNode;
  /** More data-* attributes for specs, e.g. how many days a bar sums. */
  data?: Record<`data-${string}`, string | number>;
}) {
  return (
    <figure className="chart" aria-label={title} data-testid={testId} data-points={points} {...data}>
      <h3 className="chart-title">{title}</h3>
      <div className="chart-body">{children}</div>
      <figcaption className="chart-caption">
        {caption}
        {note ? <span className="chart-note"> {note}</span> : null}
      </figcaption>
    </figure>
  );
}

/** Shown in place of a chart that has nothing to draw, with what would fill it. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return <div className="chart-empty">{children}</div>;
}
