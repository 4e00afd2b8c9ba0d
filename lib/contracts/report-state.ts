// Shared with the browser (the Reports page): no server imports here.

export const REPORT_STATES = ["active", "expired", "revoked"] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** Whether a report's link works at `now`: revoked wins over expired. */
export function reportState(report: { revokedAt: string | null; expiresAt: string | null }, now: number): ReportState {
  if (report.revokedAt) return "revoked";
  if (report.expiresAt && Date.parse(report.expiresAt) <= now) return "expired";
  return "active";
}
