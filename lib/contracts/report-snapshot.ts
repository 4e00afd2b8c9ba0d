// What a shared report freezes: plain JSON, stored as-is and rendered by the report page (and
// drawn by the browser) without reading anything else.
import type { Forecast } from "@/lib/domain/forecast";
import type { ReadinessTally } from "@/lib/domain/overview-figures";
import type { ProgressPoint } from "@/lib/domain/progress";

export const REPORT_VIEWS = ["overview", "regions", "instances"] as const;
export type ReportView = (typeof REPORT_VIEWS)[number];

/** Table rows kept in a snapshot; beyond this the report says how many were left out. */
export const REPORT_ROW_CAP = 1000;

export type Cell = string | number | null;

export interface SnapshotTable {
  id: string;
  title: string;
  /** `description`: the full meaning of a short label, shown as its tooltip. */
  columns: { key: string; label: string; numeric?: boolean; description?: string }[];
  rows: Cell[][];
  /** Rows the view had; more than rows.length when the cap was reached. */
  total: number;
}

export interface SnapshotFigure {
  label: string;
  value: string;
  detail: string;
}

export interface SnapshotCharts {
  title: string;
  /** One point per day of the range (gaps as nulls), as the overview's charts take them. */
  days: ProgressPoint[];
  burndown: { days: { day: string; optional: number }[]; forecast: Forecast } | null;
}

export interface ReportSnapshot {
  version: 1;
  view: ReportView;
  title: string;
  capturedAt: string;
  /** When the data shown was collected (the last successful run's end); null = never. */
  collectedAt: string | null;
  /** Where it came from: "Simulated AWS" or the AWS account ids. */
  source: string;
  /** The view's filters in words, e.g. Region = us-east-1. */
  filters: { label: string; value: string }[];
  figures: SnapshotFigure[];
  readiness: ReadinessTally[] | null;
  /** The days readiness and the instance-level call counts are judged on; absent in older reports. */
  readinessWindowDays?: number;
  charts: SnapshotCharts | null;
  tables: SnapshotTable[];
}
