import { AppError } from "@/lib/core/app-error";
import type {
  RegionFallback,
  RunMode,
  RunStatus,
  RunSummary,
  RunTrigger,
  UnitKind,
  UnitStatus,
  UnitSummary,
} from "@/lib/domain/collection-run";
import { noteDataChanged } from "@/lib/db/conn/data-version";
import type { Db } from "@/lib/db/conn/types";

type RunRow = Awaited<ReturnType<Db["collectionRun"]["findFirstOrThrow"]>>;
type UnitRow = Awaited<ReturnType<Db["collectionUnit"]["findFirstOrThrow"]>>;

// safe because this module is the only writer of these columns, always with the union's values
const toRunSummary = (run: RunRow): RunSummary => ({
  id: run.id,
  trigger: run.trigger as RunTrigger,
  mode: run.mode as RunMode,
  status: run.status as RunStatus,
  startedAt: run.startedAt.toISOString(),
  heartbeatAt: run.heartbeatAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  unitsTotal: run.unitsTotal,
  unitsDone: run.unitsDone,
  unitsFailed: run.unitsFailed,
  instancesSeen: run.instancesSeen,
  metricPointsWritten: run.metricPointsWritten,
  regionListingsFailed: run.regionListingsFailed,
  accountsNotAttempted: run.accountsNotAttempted,
  error: run.error,
});

const toUnitSummary = (unit: UnitRow): UnitSummary => ({
  accountId: unit.accountId,
  region: unit.region,
  kind: unit.kind as UnitKind,
  regionFallback: unit.regionFallback as RegionFallback | null,
  status: unit.status as UnitStatus,
  phase: unit.phase,
  errorCode: unit.errorCode,
  errorMessage: unit.errorMessage,
  instances: unit.instances,
  startedAt: unit.startedAt?.toISOString() ?? null,
  finishedAt: unit.finishedAt?.toISOString() ?? null,
});

export async function createRun(
  db: Db,
  input: { trigger: RunTrigger; mode: string; startedAt: Date },
): Promise<RunSummary> {
  const run = await db.collectionRun.create({
    data: {
      trigger: input.trigger,
      mode: input.mode,
      status: "running",
      startedAt: input.startedAt,
      heartbeatAt: input.startedAt,
    },
  });
  await noteDataChanged(db);
  return toRunSummary(run);
}

/**
 * Runs still marked running when the lock is free were killed midway (process died): close them
 * so the UI stops showing them as live. The next run redoes their work idempotently.
 */
export async function abortStaleRuns(db: Db, at: Date): Promise<number> {
  const stale = await db.collectionRun.findMany({ where: { status: "running" }, select: { id: true } });
  if (stale.length === 0) return 0;
  const ids = stale.map((run) => run.id);
  await db.collectionUnit.updateMany({
    where: { runId: { in: ids }, status: { in: ["pending", "running"] } },
    data: {
      status: "skipped",
      errorCode: "RunAborted",
      errorMessage: "The collection process stopped before this unit finished",
      finishedAt: at,
    },
  });
  await db.collectionRun.updateMany({
    where: { id: { in: ids } },
    data: { status: "aborted", finishedAt: at, error: "The collection process stopped before the run finished" },
  });
  await noteDataChanged(db);
  return ids.length;
}

export interface UnitKey {
  runId: number;
  accountId: string;
  region: string;
  kind: UnitKind;
}

export async function addUnits(
  db: Db,
  runId: number,
  units: { accountId: string; region: string; kind: UnitKind; regionFallback?: RegionFallback | null }[],
): Promise<void> {
  if (units.length === 0) return;
  await db.collectionUnit.createMany({
    data: units.map((unit) => ({
      runId,
      accountId: unit.accountId,
      region: unit.region,
      kind: unit.kind,
      regionFallback: unit.regionFallback ?? null,
      status: "pending",
    })),
    skipDuplicates: true,
  });
  await db.collectionRun.update({
    where: { id: runId },
    // Progress counts account-regions; a discovery unit is not one (the run counts those apart).
    data: {
      unitsTotal: { increment: units.filter((unit) => unit.kind === "collect").length },
      heartbeatAt: new Date(),
    },
  });
  await noteDataChanged(db);
}

export async function updateUnit(
  db: Db,
  key: UnitKey,
  data: Partial<{
    status: UnitStatus;
    phase: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    instances: number;
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  await db.collectionUnit.update({ where: { runId_accountId_region_kind: key }, data });
}

export async function recordUnitDone(
  db: Db,
  runId: number,
  outcome: { failed: boolean; instances: number; metricPoints: number },
): Promise<void> {
  await db.collectionRun.update({
    where: { id: runId },
    data: {
      unitsDone: { increment: 1 },
      unitsFailed: { increment: outcome.failed ? 1 : 0 },
      instancesSeen: { increment: outcome.instances },
      metricPointsWritten: { increment: outcome.metricPoints },
      heartbeatAt: new Date(),
    },
  });
  await noteDataChanged(db);
}

export async function finishRun(
  db: Db,
  runId: number,
  input: {
    status: RunStatus;
    finishedAt: Date;
    error?: string | null;
    apiCalls: Record<string, number>;
    regionListingsFailed?: number;
    accountsNotAttempted?: number;
  },
): Promise<RunSummary> {
  const run = await db.collectionRun.update({
    where: { id: runId },
    data: {
      status: input.status,
      finishedAt: input.finishedAt,
      heartbeatAt: input.finishedAt,
      error: input.error ?? null,
      apiCalls: input.apiCalls,
      regionListingsFailed: input.regionListingsFailed ?? 0,
      accountsNotAttempted: input.accountsNotAttempted ?? 0,
    },
  });
  await noteDataChanged(db);
  return toRunSummary(run);
}

export async function listRuns(db: Db, limit: number): Promise<RunSummary[]> {
  const runs = await db.collectionRun.findMany({ orderBy: { id: "desc" }, take: limit });
  return runs.map(toRunSummary);
}

export async function findRunningRun(db: Db): Promise<RunSummary | null> {
  const run = await db.collectionRun.findFirst({ where: { status: "running" }, orderBy: { id: "desc" } });
  return run ? toRunSummary(run) : null;
}

export async function getRun(db: Db, id: number): Promise<RunSummary & { units: UnitSummary[] }> {
  const run = await db.collectionRun.findUnique({
    where: { id },
    // An account's failed discovery ("discovery" sorts after "collect") leads its region rows.
    include: { units: { orderBy: [{ accountId: "asc" }, { kind: "desc" }, { region: "asc" }] } },
  });
  if (!run) throw new AppError("NotFound", `Collection run ${id} does not exist`);
  return { ...toRunSummary(run), units: run.units.map(toUnitSummary) };
}
