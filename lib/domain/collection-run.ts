// A collection run and its account-region units as the API sends them: shared by lib/db (which
// produces them) and the UI (which draws them), so the two cannot drift apart.

export type RunMode = "simulator" | "aws";
export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted";
export type RunTrigger = "schedule" | "api" | "cli" | "startup";
export const UNIT_STATUSES = ["pending", "running", "ok", "failed", "skipped"] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

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
  error: string | null;
}

export interface UnitSummary {
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
