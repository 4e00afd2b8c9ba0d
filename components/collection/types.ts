// What a collection run and its account-region units look like on the wire (GET /api/collection-runs).

export type Mode = "simulator" | "aws";
export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted";
export type RunTrigger = "schedule" | "api" | "cli" | "startup";
export type UnitStatus = "pending" | "running" | "ok" | "failed" | "skipped";

export const UNIT_STATUSES = ["pending", "running", "ok", "failed", "skipped"] as const satisfies readonly UnitStatus[];

export interface Run {
  id: number;
  trigger: RunTrigger;
  mode: Mode;
  status: RunStatus;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  unitsTotal: number;
  unitsDone: number;
  unitsFailed: number;
  instancesSeen: number;
  metricPointsWritten: number;
  error: string | null;
}

export interface Unit {
  accountId: string;
  region: string;
  status: UnitStatus;
  phase: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  instances: number;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A unit as the outcomes table shows it: the account's name and the duration already resolved. */
export interface UnitRow extends Unit {
  accountName: string | null;
  durationMs: number | null;
  durationText: string | null;
}
