// The run and unit shapes are lib/domain/collection-run's (the API's own types); this adds the table's rows.
import type { UnitSummary } from "@/lib/domain/collection-run";

/** A unit as the outcomes table shows it: the account's name and the duration already resolved. */
export interface UnitRow extends UnitSummary {
  accountName: string | null;
  durationMs: number | null;
  durationText: string | null;
}
