// The run and unit shapes come from lib/domain/collection-run (the API's own types).
import type { UnitSummary } from "@/lib/domain/collection-run";

export {
  UNIT_STATUSES,
  type RunMode as Mode,
  type RunStatus,
  type RunSummary as Run,
  type RunTrigger,
  type UnitStatus,
  type UnitSummary as Unit,
} from "@/lib/domain/collection-run";

/** A unit as the outcomes table shows it: the account's name and the duration already resolved. */
export interface UnitRow extends UnitSummary {
  accountName: string | null;
  durationMs: number | null;
  durationText: string | null;
}
