import { findLastSuccessfulRunAt, getStatusTotals, listKnownAccounts, type StatusTotals } from "@/lib/db/read/status";
import { listRuns } from "@/lib/db/write/runs";
import type { RunSummary } from "@/lib/domain/collection-run";
import type { CollectorDeps } from "./run-collection";

export interface Status {
  mode: "aws" | "simulator";
  modeLabel: string;
  accounts: { id: string; name: string | null }[];
  totals: StatusTotals;
  lastRun: RunSummary | null;
  lastSuccessfulRunAt: string | null;
}

export async function getStatus(
  app: Pick<CollectorDeps, "db" | "aws" | "settings">,
  now = Date.now(),
): Promise<Status> {
  const db = app.db.prisma;
  const [accounts, totals, runs, lastSuccess] = await Promise.all([
    listKnownAccounts(db),
    getStatusTotals(db, now, app.settings.readinessWindowDays),
    listRuns(db, 1),
    findLastSuccessfulRunAt(db),
  ]);
  const modeLabel =
    app.aws.mode === "simulator"
      ? "Simulated AWS"
      : accounts.length > 0
        ? `AWS ${accounts.map((account) => account.id).join(", ")}`
        : "AWS (accounts not listed yet)";
  return {
    mode: app.aws.mode,
    modeLabel,
    accounts,
    totals,
    lastRun: runs[0] ?? null,
    lastSuccessfulRunAt: lastSuccess?.toISOString() ?? null,
  };
}
