// What a shared report freezes, built from the same view data the dashboard draws. Pure: the
// snapshot is plain JSON (stored as-is), so the report page renders it without reading anything.
import type { InstanceListRow } from "@/lib/db/read/instance-list";
import { INSTANCE_CSV_COLUMNS } from "@/lib/db/read/instance-list-csv";
import type { BreakdownRow, OverviewData } from "@/lib/db/read/overview";
import type { RegionCell, RegionsView } from "@/lib/db/read/regions-view";
import { formatInteger, percent } from "@/lib/domain/numbers";
import { overviewFigures, windowWords } from "@/lib/domain/overview-figures";
import { addDays, burndown, fillDays } from "@/lib/domain/progress";
import {
  REPORT_ROW_CAP,
  type Cell,
  type ReportSnapshot,
  type ReportView,
  type SnapshotTable,
} from "@/lib/contracts/report-snapshot";

export interface SnapshotContext {
  capturedAt: Date;
  collectedAt: string | null;
  source: string;
}

function frame(view: ReportView, title: string, context: SnapshotContext) {
  return {
    version: 1 as const,
    view,
    title,
    capturedAt: context.capturedAt.toISOString(),
    collectedAt: context.collectedAt,
    source: context.source,
  };
}

function breakdownTable(
  id: string,
  title: string,
  keyLabel: string,
  rows: readonly BreakdownRow[],
  windowDays: number,
): SnapshotTable {
  const window = windowWords(windowDays);
  return {
    id,
    title,
    columns: [
      { key: "key", label: keyLabel },
      { key: "instances", label: "Instances", numeric: true },
      { key: "required", label: "Required", numeric: true },
      { key: "optional", label: "Optional", numeric: true },
      { key: "v2_only_percent", label: "IMDSv2-only %", numeric: true },
      {
        key: `v1_callers_${windowDays}d`,
        label: `v1 callers, ${windowDays} d`,
        numeric: true,
        description: `Instances with IMDSv1 calls, ${window}`,
      },
      {
        key: `rejected_${windowDays}d`,
        label: `Rejected, ${windowDays} d`,
        numeric: true,
        description: `Instances with rejected IMDSv1 calls, ${window}`,
      },
    ],
    rows: rows.map((row) => [
      row.label === row.key ? row.key : `${row.label} (${row.key})`,
      row.instances,
      row.required,
      row.optional,
      percent(row.required, row.instances),
      row.instancesWithV1Calls,
      row.instancesWithRejected,
    ]),
    total: rows.length,
  };
}

export function overviewSnapshot(data: OverviewData, context: SnapshotContext): ReportSnapshot {
  const { query } = data;
  const accountNames = new Map(data.options.accounts.map((account) => [account.id, account.name]));
  const filters = [
    ...(query.account
      ? [
          {
            label: "Account",
            value: accountNames.get(query.account)
              ? `${accountNames.get(query.account)} (${query.account})`
              : query.account,
          },
        ]
      : []),
    ...(query.region ? [{ label: "Region", value: query.region }] : []),
    ...(query.team ? [{ label: "Team", value: query.team }] : []),
    { label: "Time range", value: `Last ${query.days} days` },
  ];
  const days = fillDays(data.series, { from: addDays(data.today, 1 - query.days), to: data.today });
  return {
    ...frame("overview", "Overview", context),
    filters,
    figures: overviewFigures(data).map(({ label, value, detail }) => ({ label, value, detail })),
    readiness: data.readiness,
    readinessWindowDays: data.callsWindowDays,
    charts: {
      title: "Progress",
      days,
      burndown: { days: burndown(data.series), forecast: data.forecast },
    },
    tables: [
      breakdownTable(
        "accounts",
        "By account",
        "Account",
        data.breakdowns.accounts.map((row) => ({ ...row, label: accountNames.get(row.key) ?? row.key })),
        data.callsWindowDays,
      ),
      breakdownTable("regions", "By region", "Region", data.breakdowns.regions, data.callsWindowDays),
      breakdownTable("teams", "By team tag", "Team", data.breakdowns.teams, data.callsWindowDays),
    ],
  };
}

const REGION_COLUMNS: { key: string; label: string; numeric?: boolean; value: (cell: RegionCell) => Cell }[] = [
  {
    key: "account",
    label: "Account",
    value: (cell) => (cell.accountName ? `${cell.accountName} (${cell.accountId})` : cell.accountId),
  },
  { key: "region", label: "Region", value: (cell) => cell.region },
  { key: "http_tokens", label: "HttpTokens default", value: (cell) => cell.httpTokens ?? "no-preference" },
  { key: "http_tokens_enforced", label: "HttpTokensEnforced", value: (cell) => cell.httpTokensEnforced },
  { key: "hop_limit", label: "Hop limit", numeric: true, value: (cell) => cell.httpPutResponseHopLimit },
  { key: "http_endpoint", label: "Endpoint", value: (cell) => cell.httpEndpoint },
  { key: "instance_metadata_tags", label: "Tags in IMDS", value: (cell) => cell.instanceMetadataTags },
  { key: "managed_by", label: "Managed by", value: (cell) => cell.managedBy },
  { key: "instances", label: "Instances", numeric: true, value: (cell) => cell.instances },
  { key: "required", label: "Required", numeric: true, value: (cell) => cell.required },
  {
    key: "by_state",
    label: "By state",
    value: (cell) =>
      Object.entries(cell.states)
        .map(([state, count]) => `${state} ${count}`)
        .join(", "),
  },
];

export function regionsSnapshot(view: RegionsView, context: SnapshotContext): ReportSnapshot {
  const selected = view.selected;
  const cells = view.cells;
  const instances = cells.reduce((sum, cell) => sum + cell.instances, 0);
  const required = cells.reduce((sum, cell) => sum + cell.required, 0);
  const requiredDefault = cells.filter((cell) => cell.httpTokens === "required").length;
  return {
    ...frame("regions", "Regions", context),
    filters: selected
      ? [
          { label: "Selected cell", value: `${selected.accountId} / ${selected.region}` },
          { label: "Time range", value: `Last ${selected.days} days` },
        ]
      : [],
    figures: [
      { label: "Account-regions", value: formatInteger(cells.length), detail: "collected" },
      {
        label: "Default: required",
        value: formatInteger(requiredDefault),
        detail: "account-regions whose new launches need tokens",
      },
      { label: "Instances", value: formatInteger(instances), detail: "live (not terminated)" },
      { label: "Tokens required", value: formatInteger(required), detail: "instances with HttpTokens = required" },
    ],
    readiness: null,
    charts: selected
      ? {
          title: `${selected.accountId} / ${selected.region}`,
          days: fillDays(selected.series, { from: selected.from, to: selected.to }),
          burndown: null,
        }
      : null,
    tables: [
      {
        id: "regions",
        title: "Account-level IMDS defaults by account and region",
        columns: REGION_COLUMNS.map(({ key, label, numeric }) => ({ key, label, ...(numeric ? { numeric } : {}) })),
        rows: cells.slice(0, REPORT_ROW_CAP).map((cell) => REGION_COLUMNS.map((column) => column.value(cell))),
        total: cells.length,
      },
    ],
  };
}

export interface InstancesSnapshotInput {
  rows: readonly InstanceListRow[];
  total: number;
  filters: { label: string; value: string }[];
}

export function instancesSnapshot(input: InstancesSnapshotInput, context: SnapshotContext): ReportSnapshot {
  const shown = input.rows.slice(0, REPORT_ROW_CAP);
  return {
    ...frame("instances", "Instances", context),
    filters: input.filters,
    figures: [
      { label: "Instances", value: formatInteger(input.total), detail: "match these filters" },
      {
        label: "Tokens optional",
        value: formatInteger(shown.filter((row) => row.httpTokens === "optional").length),
        detail: input.total > shown.length ? `of the ${formatInteger(shown.length)} rows kept` : "still accept IMDSv1",
      },
    ],
    readiness: null,
    charts: null,
    tables: [
      {
        id: "instances",
        title: "Instances",
        columns: INSTANCE_CSV_COLUMNS.map((column) => ({
          key: column.header,
          label: column.header,
          ...(/^(v1_calls|rejected|template_.*_version$)/.test(column.header) ? { numeric: true } : {}),
        })),
        rows: shown.map((row) => INSTANCE_CSV_COLUMNS.map((column) => toCell(column.value(row)))),
        total: input.total,
      },
    ],
  };
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return String(value);
}
