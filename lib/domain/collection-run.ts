// A collection run and its account-region units as the API sends them: shared by lib/db (which
// produces them) and the UI (which draws them), so the two cannot drift apart.

export type RunMode = "simulator" | "aws";
export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted";
export type RunTrigger = "schedule" | "api" | "cli" | "startup";
export const UNIT_STATUSES = ["pending", "running", "ok", "failed", "skipped"] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
/** "collect" is one account-region; "discovery" is listing an account's regions (only recorded when it fails). */
export const UNIT_KINDS = ["collect", "discovery"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/**
 * Where a failed discovery unit's account got its regions from instead: AWS_REGIONS, the union of
 * the regions the organisation's other accounts listed, or nowhere (its regions were never attempted).
 */
export const REGION_FALLBACKS = ["configured", "other-accounts", "none"] as const;
export type RegionFallback = (typeof REGION_FALLBACKS)[number];

export interface RunSummary {
  id: number;
  trigger: RunTrigger;
  mode: RunMode;
  status: RunStatus;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  unitsTotal: number;
  unitsDone: number;
  unitsFailed: number;
  instancesSeen: number;
  metricPointsWritten: number;
  /** Accounts whose DescribeRegions failed (discovery units; the units* counts are account-regions only). */
  regionListingsFailed: number;
  /** Of those, the accounts with no fallback either: none of their regions was attempted. */
  accountsNotAttempted: number;
  error: string | null;
}

export interface UnitSummary {
  accountId: string;
  region: string;
  kind: UnitKind;
  /** Discovery units only: where the account's regions came from after the listing failed. */
  regionFallback: RegionFallback | null;
  status: UnitStatus;
  phase: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  instances: number;
  startedAt: string | null;
  finishedAt: string | null;
}
