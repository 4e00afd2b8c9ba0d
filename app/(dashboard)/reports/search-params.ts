import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { REPORT_STATES } from "@/lib/contracts/report-state";

// `/reports?state=active`: which links the list shows.
export const reportsSearchParams = { state: parseAsStringLiteral(REPORT_STATES) };

export const loadReportsSearchParams = createLoader(reportsSearchParams);
