import { createLoader, parseAsStringLiteral } from "nuqs/server";

export const REPORT_STATES = ["active", "expired", "revoked"] as const;
export type ReportState = (typeof REPORT_STATES)[number];

// `/reports?state=active`: which links the list shows.
export const reportsSearchParams = { state: parseAsStringLiteral(REPORT_STATES) };

export const loadReportsSearchParams = createLoader(reportsSearchParams);
