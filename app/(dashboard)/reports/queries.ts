import type { ReportRecord } from "@/lib/db/write/reports";
import type { CreatedReport, CreateReportInput } from "@/lib/reports/create-report";
import { apiFetch, postJson } from "@/app/_client/api";

export const createReport = (report: CreateReportInput) => apiFetch<CreatedReport>("/api/reports", postJson(report));
export const listReports = () => apiFetch<{ reports: ReportRecord[] }>("/api/reports").then((body) => body.reports);
export const revokeReport = (id: string) =>
  apiFetch<{ report: ReportRecord }>(`/api/reports/${encodeURIComponent(id)}/revoke`, { method: "POST" }).then(
    (body) => body.report,
  );
