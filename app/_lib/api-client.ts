// The browser's view of the JSON API in app/api. Dates stay ISO strings on the wire.

import type { Run, Unit } from "@/components/collection/types";

export type { Mode, Run, RunStatus, RunTrigger, Unit, UnitStatus } from "@/components/collection/types";
// Type-only: the server modules that produce these replies define their shape.
export type { Status } from "@/lib/collector/get-status";
export type { StatusTotals as Totals } from "@/lib/db/read/status";
import type { Status } from "@/lib/collector/get-status";
import type { OverviewData } from "@/lib/db/read/overview";
import type { RegionsView } from "@/lib/db/read/regions-view";
import type { AuditPage } from "@/lib/db/write/audit";
import type { InstanceFacets } from "@/lib/db/read/instance-list";
import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { UndoPreview } from "@/lib/changes/preview-undo";
import type { InstanceEnforcementPreview, InstanceSettings } from "@/lib/changes/preview-instance-enforcement";
import type { DefaultsSnapshot, DefaultsTarget } from "@/lib/domain/region-defaults";
export type { AuditPage, AuditRecord } from "@/lib/db/write/audit";
import type { WaiverRecord } from "@/lib/db/write/guard-waivers";
import type { WaiverDraft } from "@/lib/contracts/waiver-input";
import type { PlanEvaluation } from "@/lib/waivers/evaluate-plan";
export type { WaiverRecord } from "@/lib/db/write/guard-waivers";
export type { PlanEvaluation } from "@/lib/waivers/evaluate-plan";
export type { CellResult, ChangeResult } from "@/lib/changes/apply-region-defaults";
export type { PreviewCell, RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
export type { InstanceChangeResult, InstanceResult } from "@/lib/changes/enforce-instances";
export type { UndoPreview } from "@/lib/changes/preview-undo";
export type {
  InstanceEnforcementPreview,
  InstanceSettings,
  PreviewInstance,
} from "@/lib/changes/preview-instance-enforcement";
export type { DefaultsSnapshot, DefaultsTarget } from "@/lib/domain/region-defaults";
import type { UserRoles } from "@/lib/auth/users";
export type { UserRole, UserRoles } from "@/lib/auth/users";
export type { BreakdownRow, OverviewData, OverviewDay, OverviewRange } from "@/lib/db/read/overview";
export type { RegionCell, RegionsView } from "@/lib/db/read/regions-view";
import type { ReportRecord } from "@/lib/db/write/reports";
import type { CreatedReport, CreateReportInput } from "@/lib/reports/create-report";
export type { ReportRecord } from "@/lib/db/write/reports";
export type { CreatedReport } from "@/lib/reports/create-report";
export type { ReportView } from "@/lib/contracts/report-snapshot";

/** Filters as they travel in the URL and the API's query string; null means "all". */
export interface OverviewFilters {
  account: string | null;
  region: string | null;
  team: string | null;
  days: number;
}
export interface RegionsFilters {
  account: string | null;
  region: string | null;
  days: number;
}

export type RunWithUnits = Run & { units: Unit[] };

/** An error reply from the API (or the network), carrying the API's code and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The API's error details, e.g. the fresh preview of a 409. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = body.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (cause) {
    throw new ApiError("NetworkError", `Could not reach the server: ${String(cause)}`, 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(
        response.ok ? "BadResponse" : `HTTP${response.status}`,
        `${path} answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
  }
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, response.status, body.error.details);
    throw new ApiError(
      `HTTP${response.status}`,
      `${path} answered ${response.status} ${response.statusText}`,
      response.status,
    );
  }
  // safe because the API's route handlers are the single source of these shapes
  return body as T;
}

export const queryKeys = {
  status: ["status"] as const,
  runs: (limit: number) => ["collection-runs", { limit }] as const,
  runsAll: ["collection-runs"] as const,
  run: (id: number) => ["collection-run", id] as const,
  overviewAll: ["overview"] as const,
  overview: (filters: OverviewFilters) => ["overview", filters] as const,
  regionsAll: ["regions"] as const,
  regions: (filters: RegionsFilters) => ["regions", filters] as const,
  /** The accounts, regions, teams and states the filters offer (instances, alerts, audit). */
  filterOptions: ["filter-options"] as const,
  auditAll: ["audit"] as const,
  audit: (query: string) => ["audit", query] as const,
  users: ["users"] as const,
  reports: ["reports"] as const,
  guardWaiversAll: ["guard-waivers"] as const,
  guardWaivers: (query: string) => ["guard-waivers", query] as const,
};

/** `?a=1&b=2` from the set values, in a stable order so keys and URLs agree. */
export function toQueryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const getStatus = () => apiFetch<Status>("/api/status");
export const getFilterOptions = () => apiFetch<InstanceFacets>("/api/instances/facets");
export const listUserRoles = () => apiFetch<UserRoles>("/api/users");
export const listRuns = (limit: number) =>
  apiFetch<{ runs: Run[] }>(`/api/collection-runs?limit=${limit}`).then((body) => body.runs);
export const getRun = (id: number) =>
  apiFetch<{ run: RunWithUnits }>(`/api/collection-runs/${id}`).then((body) => body.run);
export const startRun = () =>
  apiFetch<{ run: Run }>("/api/collection-runs", { method: "POST" }).then((body) => body.run);
export const getOverview = (filters: OverviewFilters) =>
  apiFetch<OverviewData>(`/api/overview${toQueryString({ ...filters })}`);
export const getRegions = (filters: RegionsFilters) =>
  apiFetch<RegionsView>(`/api/regions${toQueryString({ ...filters })}`);

export interface CellRef {
  accountId: string;
  region: string;
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export const previewRegionDefaults = (cells: CellRef[], target: DefaultsTarget) =>
  apiFetch<RegionDefaultsPreview>("/api/changes/region-defaults/preview", postJson({ cells, target }));
export const applyRegionDefaults = (cells: (CellRef & { before: DefaultsSnapshot })[], target: DefaultsTarget) =>
  apiFetch<ChangeResult>("/api/changes/region-defaults", postJson({ cells, target }));
/** Undoes a regional change (per cell) or rolls back an instance enforcement (per instance). */
export const undoChange = (changeId: string) =>
  apiFetch<ChangeResult | InstanceChangeResult>(`/api/changes/${encodeURIComponent(changeId)}/undo`, {
    method: "POST",
  });
/** What undoing a change would do (per cell or per instance, DryRun-checked); changes nothing. */
export const previewUndo = (changeId: string) =>
  apiFetch<UndoPreview>(`/api/changes/${encodeURIComponent(changeId)}/undo/preview`, { method: "POST" });
/** Undo from the Regions page: its changes are regional, so the answer is per cell. */
export const undoRegionChange = async (changeId: string): Promise<ChangeResult> => {
  const result = await undoChange(changeId);
  if (!("cells" in result)) throw new ApiError("BadResponse", `Change ${changeId} is not a regional change`, 200);
  return result;
};

export interface EnforcementTarget {
  httpTokens: "required";
  httpPutResponseHopLimit?: number;
}
export const previewInstanceEnforcement = (instanceIds: string[], target: EnforcementTarget) =>
  apiFetch<InstanceEnforcementPreview>("/api/changes/instances/preview", postJson({ instanceIds, target }));
export const applyInstanceEnforcement = (
  instances: { instanceId: string; before: InstanceSettings }[],
  target: EnforcementTarget,
) => apiFetch<InstanceChangeResult>("/api/changes/instances", postJson({ instances, target }));
/** `query` is the audit page's filter and cursor query text (no leading "?"). */
export const listAudit = (query: string) => apiFetch<AuditPage>(`/api/audit${query ? `?${query}` : ""}`);

export const createReport = (report: CreateReportInput) => apiFetch<CreatedReport>("/api/reports", postJson(report));
export const listReports = () => apiFetch<{ reports: ReportRecord[] }>("/api/reports").then((body) => body.reports);
export const revokeReport = (id: string) =>
  apiFetch<{ report: ReportRecord }>(`/api/reports/${encodeURIComponent(id)}/revoke`, { method: "POST" }).then(
    (body) => body.report,
  );

// ---- alerts, webhooks and the instance alarm ----
import type { AcknowledgedAlerts, AlertsPage } from "@/lib/db/write/alerts";
import type { DeliveryLogEntry, WebhookRecord } from "@/lib/db/write/webhooks";
import type { RejectedAlarmStatus } from "@/lib/changes/create-rejected-alarm";
import type { RemovedRejectedAlarm } from "@/lib/changes/remove-rejected-alarm";
export type { AcknowledgedAlerts, AlertRecord, AlertsPage } from "@/lib/db/write/alerts";
export type { DeliveryLogEntry, WebhookRecord } from "@/lib/db/write/webhooks";
export type { RejectedAlarmStatus } from "@/lib/changes/create-rejected-alarm";
export type { RemovedRejectedAlarm } from "@/lib/changes/remove-rejected-alarm";

export const alertQueryKeys = {
  alertsAll: ["alerts"] as const,
  alerts: (query: string) => ["alerts", query] as const,
  alertCount: ["alerts", "count"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: ["webhook-deliveries"] as const,
  alarm: (instanceId: string) => ["instance-alarm", instanceId] as const,
};

/** `query` is the alerts page's filter and cursor query text (no leading "?"). */
export const listAlertsPage = (query: string) => apiFetch<AlertsPage>(`/api/alerts${query ? `?${query}` : ""}`);
export const acknowledgeAlert = (id: string) =>
  apiFetch<{ alert: AlertsPage["alerts"][number] }>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {
    method: "POST",
  });
/** All or nothing: a 422 names the first id that is no alert. */
export const acknowledgeAlerts = (alertIds: string[]) =>
  apiFetch<AcknowledgedAlerts>("/api/alerts/acknowledge", postJson({ alertIds }));
export const listWebhooks = () => apiFetch<{ webhooks: WebhookRecord[] }>("/api/webhooks").then((b) => b.webhooks);
export const createWebhook = (input: { name: string; url: string; team: string | null }) =>
  apiFetch<{ webhook: WebhookRecord; secret: string }>("/api/webhooks", postJson(input));
export const setWebhookEnabled = (id: string, enabled: boolean) =>
  apiFetch<{ ok: true }>(`/api/webhooks/${encodeURIComponent(id)}`, { ...postJson({ enabled }), method: "PATCH" });
export const deleteWebhook = (id: string) =>
  apiFetch<null>(`/api/webhooks/${encodeURIComponent(id)}`, { method: "DELETE" });
export const listDeliveries = () =>
  apiFetch<{ attempts: DeliveryLogEntry[] }>("/api/alerts/deliveries?limit=50").then((b) => b.attempts);
export const getInstanceAlarm = (instanceId: string) =>
  apiFetch<RejectedAlarmStatus>(`/api/instances/${encodeURIComponent(instanceId)}/alarm`);
export const createInstanceAlarm = (instanceId: string) =>
  apiFetch<RejectedAlarmStatus & { created: boolean; auditId: string }>(
    `/api/instances/${encodeURIComponent(instanceId)}/alarm`,
    { method: "POST" },
  );
export const removeInstanceAlarm = (instanceId: string) =>
  apiFetch<RemovedRejectedAlarm>(`/api/instances/${encodeURIComponent(instanceId)}/alarm`, { method: "DELETE" });

/** The Guardrail page: the CLI's verdict for a plan's text (stored waivers applied). */
export const evaluatePlan = (plan: string, source: string, live: boolean) =>
  apiFetch<PlanEvaluation>("/api/guardrail/evaluate", postJson({ plan, source, live }));
/** `query` is the waiver filters' query text (no leading "?"). */
export const listWaivers = (query: string) =>
  apiFetch<{ waivers: WaiverRecord[] }>(`/api/guardrail/waivers${query ? `?${query}` : ""}`).then(
    (body) => body.waivers,
  );
export const createWaiver = (waiver: WaiverDraft) =>
  apiFetch<{ waiver: WaiverRecord }>("/api/guardrail/waivers", postJson(waiver)).then((body) => body.waiver);
export const revokeWaiver = (id: string) =>
  apiFetch<{ waiver: WaiverRecord }>(`/api/guardrail/waivers/${encodeURIComponent(id)}/revoke`, {
    method: "POST",
  }).then((body) => body.waiver);
