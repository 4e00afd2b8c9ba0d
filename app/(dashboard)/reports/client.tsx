"use client";

import { formatUtcMinute } from "@/lib/domain/time";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SelectFilter } from "@/components/ui/filter-fields";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import type { CsvColumn } from "@/lib/contracts/csv";
import { listReports, revokeReport } from "./queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { ReportRecord } from "@/lib/db/write/reports";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";
import { REPORT_STATES, reportState } from "@/lib/contracts/report-state";
import { reportsSearchParams } from "./search-params";
import { QueryState } from "@/app/_client/query-state";

const VIEW_LABELS: Record<ReportRecord["view"], string> = {
  overview: "Overview",
  regions: "Regions",
  instances: "Instances",
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

const CSV_COLUMNS = (now: number): CsvColumn<ReportRecord>[] => [
  { header: "id", value: (report) => report.id },
  { header: "title", value: (report) => report.title },
  { header: "view", value: (report) => report.view },
  { header: "state", value: (report) => reportState(report, now) },
  { header: "created_by", value: (report) => report.createdByName },
  { header: "captured_at", value: (report) => report.capturedAt },
  { header: "expires_at", value: (report) => report.expiresAt },
  { header: "revoked_at", value: (report) => report.revokedAt },
  { header: "revoked_by", value: (report) => report.revokedByName },
  { header: "view_count", value: (report) => report.viewCount },
  { header: "last_viewed_at", value: (report) => report.lastViewedAt },
];

export function ReportsClient({ renderedAt }: { renderedAt: number }) {
  const [view, setView] = useQueryStates(reportsSearchParams);
  const canChange = useCanChange();
  const queryClient = useQueryClient();
  const reports = useQuery({ queryKey: queryKeys.reports, queryFn: listReports, refetchInterval: 30_000 });
  const revoke = useMutation({
    mutationFn: revokeReport,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.reports }),
  });
  // The server's clock at render, so the first client render matches the server HTML.
  const now = renderedAt;
  const rows = (reports.data ?? []).filter((report) => view.state === null || reportState(report, now) === view.state);

  const columns: DataTableColumn<ReportRecord>[] = [
    {
      id: "title",
      header: "Report",
      cell: (report) => (
        <>
          <strong>{report.title}</strong>
          <div className="muted">{VIEW_LABELS[report.view]}</div>
        </>
      ),
    },
    { id: "created", header: "Created by", cell: (report) => report.createdByName },
    { id: "captured", header: "Captured", cell: (report) => formatUtcMinute(report.capturedAt) },
    { id: "expires", header: "Expires", cell: (report) => day(report.expiresAt) ?? "never" },
    {
      id: "state",
      header: "State",
      cell: (report) => {
        const state = reportState(report, now);
        return (
          <span data-testid={`report-state-${report.id}`}>
            <Badge tone={state === "active" ? "success" : "neutral"}>{state}</Badge>
            {state === "revoked" && report.revokedByName ? (
              <span className="muted">
                {" "}
                by {report.revokedByName}, {day(report.revokedAt)}
              </span>
            ) : null}
          </span>
        );
      },
    },
    {
      id: "views",
      header: "Views",
      numeric: true,
      cell: (report) => (
        <span data-testid={`report-views-${report.id}`}>{report.viewCount.toLocaleString("en-US")}</span>
      ),
    },
    {
      id: "last",
      header: "Last viewed",
      cell: (report) => (report.lastViewedAt ? formatUtcMinute(report.lastViewedAt) : "—"),
    },
    ...(canChange
      ? [
          {
            id: "actions",
            header: <span className="visually-hidden">Actions</span>,
            cell: (report: ReportRecord) =>
              reportState(report, now) === "active" ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={revoke.isPending}
                  onClick={() => {
                    if (window.confirm(`Revoke “${report.title}”? Its link stops working at once.`))
                      revoke.mutate(report.id);
                  }}
                >
                  Revoke
                </button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Reports</h1>
          <p className="muted">
            Read-only snapshots shared by link: anyone with a link opens it without signing in, until it expires or is
            revoked. Use Share on the Overview, Regions or Instances page to make one.
          </p>
        </div>
      </div>

      <form className="filters" role="search" aria-label="Report filters" onSubmit={(event) => event.preventDefault()}>
        <SelectFilter
          label="State"
          value={view.state}
          options={REPORT_STATES}
          onChange={(state) => void setView({ state })}
        />
      </form>

      {revoke.error ? <ErrorAlert error={revoke.error} /> : null}
      <QueryState
        query={reports}
        loading={
          <Card>
            <Skeleton lines={4} label="Loading reports" />
          </Card>
        }
      >
        {() => (
          <Card>
            <DataTable
              caption="Shared reports"
              columns={columns}
              rows={rows}
              rowKey={(report) => report.id}
              className="dense"
              empty={
                view.state
                  ? `No ${view.state} reports.`
                  : "No reports yet: use Share on the Overview, Regions or Instances page."
              }
              csv={{ filename: "reports.csv", columns: CSV_COLUMNS(now) }}
            />
          </Card>
        )}
      </QueryState>
    </div>
  );
}
