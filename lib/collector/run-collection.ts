import { deliverNewAlerts, evaluateAlertsAfterRun } from "@/lib/alerts/evaluate-alerts";
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from "@/lib/alerts/settings";
import { listTargetAccounts, type TargetAccount } from "@/lib/aws/accounts";
import { ec2Client, type AwsContext } from "@/lib/aws/context";
import { toAwsFailure, type AwsFailure } from "@/lib/aws/errors";
import { listEnabledRegions, type EnabledRegion } from "@/lib/aws/regions";
import { saveAccounts } from "@/lib/db/write/accounts";
import { tryAcquireCollectionLock } from "@/lib/db/conn/lock";
import { saveRegion } from "@/lib/db/write/regions";
import {
  abortStaleRuns,
  addUnits,
  createRun,
  findRunningRun,
  finishRun,
  recordUnitDone,
  updateUnit,
} from "@/lib/db/write/runs";
import type { RunSummary, RunTrigger } from "@/lib/domain/collection-run";
import type { Database } from "@/lib/db/conn/client";
import { chooseFallbackRegions, describeRegionFallback } from "@/lib/domain/region-fallback";
import { runOutcome, type DiscoveryFailure } from "@/lib/domain/run-outcome";
import { AppError } from "@/lib/core/app-error";
import { collectUnit } from "./collect-unit";
import { runPool } from "./pool";

export interface CollectorSettings {
  regions: string[];
  accountIds: string[];
  useOrganizations: boolean;
  assumeRoleName: string;
  concurrency: number;
  backfillDays: number;
  hourlyHours: number;
  /** Days without IMDSv1 calls (and fully covered by metrics) before an instance is "ready". */
  readinessWindowDays: number;
  /** Days of CloudTrail event history to read (0 = off). */
  historyDays: number;
}

export interface CollectorDeps {
  db: Database;
  aws: AwsContext;
  settings: CollectorSettings;
  /** Set for PostgreSQL so the run lock is a server-side advisory lock. */
  databaseUrl?: string;
  now?: () => number;
  /** How alerts are judged and delivered after each run (default DEFAULT_ALERT_SETTINGS). */
  alerts?: AlertSettings;
}

export interface RunOptions {
  trigger: RunTrigger;
  signal?: AbortSignal;
  /** Called once the run row exists (an API can answer 202 with it while the run goes on). */
  onStarted?: (run: RunSummary) => void;
  /** Called after every finished account-region, e.g. for a CLI progress bar. */
  onProgress?: (progress: { done: number; total: number; failed: number }) => void;
}

/** One account-region to collect. */
interface Unit {
  account: TargetAccount;
  region: string;
}

/** An account whose regions could not be listed: its failed discovery unit, and what came instead. */
type FailedDiscovery = DiscoveryFailure & { message: string };

type RegionListing =
  { account: TargetAccount; regions: EnabledRegion[] } | { account: TargetAccount; failure: AwsFailure };

/**
 * One collection run: holds the lock, discovers accounts and regions, collects every
 * account-region with capped concurrency. A failing unit is recorded and the others go on.
 * Alerts are evaluated at the end of every finished, failed or partial run.
 */
export async function runCollection(deps: CollectorDeps, options: RunOptions): Promise<RunSummary> {
  const now = deps.now ?? Date.now;
  const lock = await tryAcquireCollectionLock(deps.databaseUrl);
  if (!lock) {
    const running = await findRunningRun(deps.db.prisma);
    throw new AppError(
      "Conflict",
      running ? `Collection run #${running.id} is already in progress` : "A collection run is already in progress",
      // The page follows the run named here rather than waiting for its next status poll.
      { details: running ? { runningRunId: running.id } : undefined },
    );
  }
  const alerts = { db: deps.db, settings: deps.alerts ?? DEFAULT_ALERT_SETTINGS };
  let summary: RunSummary;
  let evaluation: Awaited<ReturnType<typeof evaluateAlertsAfterRun>>;
  try {
    await abortStaleRuns(deps.db.prisma, new Date(now()));
    const run = await createRun(deps.db.prisma, {
      trigger: options.trigger,
      mode: deps.aws.mode,
      startedAt: new Date(now()),
    });
    options.onStarted?.(run);
    summary = await collect(deps, options, run.id, now);
    // Still under the lock, so two evaluations never interleave. It never throws.
    evaluation = await evaluateAlertsAfterRun(alerts, summary, new Date(now()));
  } finally {
    await lock.release();
  }
  if (evaluation && evaluation.deliveries > 0) await deliverNewAlerts(alerts, summary.id);
  return summary;
}

async function collect(
  deps: CollectorDeps,
  options: RunOptions,
  runId: number,
  now: () => number,
): Promise<RunSummary> {
  const { settings } = deps;
  const db = deps.db.prisma;
  const sql = deps.db.raw;
  const apiCalls: Record<string, number> = {};
  const countCall = (operation: string) => void (apiCalls[operation] = (apiCalls[operation] ?? 0) + 1);
  const checkpoint = () => {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error("Collection aborted");
  };

  let accounts: TargetAccount[];
  try {
    accounts = await listTargetAccounts(deps.aws, {
      useOrganizations: settings.useOrganizations,
      accountIds: settings.accountIds,
      assumeRoleName: settings.assumeRoleName,
    });
    await saveAccounts(sql, accounts, new Date(now()));
  } catch (error) {
    const failure = toAwsFailure(error);
    return finishRun(db, runId, {
      status: "failed",
      finishedAt: new Date(now()),
      error: `Could not list accounts: ${failure.code}: ${failure.message}`,
      apiCalls,
    });
  }

  const { units, discoveryFailures } = await planUnits(deps, accounts, countCall);
  await addUnits(db, runId, [
    ...discoveryFailures.map((failure) => ({
      accountId: failure.accountId,
      region: failure.region,
      kind: "discovery" as const,
      regionFallback: failure.fallback.source,
    })),
    ...units.map((unit) => ({ accountId: unit.account.id, region: unit.region, kind: "collect" as const })),
  ]);
  for (const failure of discoveryFailures) {
    await updateUnit(
      db,
      { runId, accountId: failure.accountId, region: failure.region, kind: "discovery" },
      { status: "failed", errorCode: failure.code, errorMessage: failure.message, finishedAt: new Date(now()) },
    );
  }

  let done = 0;
  let failed = 0;
  try {
    await runPool(units, settings.concurrency, async (unit) => {
      checkpoint();
      const key = { runId, accountId: unit.account.id, region: unit.region, kind: "collect" as const };
      let outcome = { failed: true, instances: 0, metricPoints: 0 };
      await updateUnit(db, key, { status: "running", startedAt: new Date(now()) });
      let phase = "instances";
      try {
        const result = await collectUnit({
          db: deps.db,
          aws: deps.aws,
          access: unit.account.access,
          region: unit.region,
          runId,
          now,
          backfillDays: settings.backfillDays,
          hourlyHours: settings.hourlyHours,
          readinessWindowDays: settings.readinessWindowDays,
          historyDays: settings.historyDays,
          countCall,
          checkpoint,
          onPhase: async (next) => {
            phase = next;
            await updateUnit(db, key, { phase: next });
          },
        });
        outcome = { failed: false, ...result };
        await updateUnit(db, key, {
          status: "ok",
          phase: null,
          instances: result.instances,
          finishedAt: new Date(now()),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const failure = toAwsFailure(error);
        await updateUnit(db, key, {
          status: "failed",
          errorCode: failure.code,
          errorMessage: `${phase}: ${failure.message}${failure.requestId ? ` (request id ${failure.requestId})` : ""}`,
          finishedAt: new Date(now()),
        });
      }
      done += 1;
      if (outcome.failed) failed += 1;
      await recordUnitDone(db, runId, outcome);
      options.onProgress?.({ done, total: units.length, failed });
    });
  } catch (error) {
    if (options.signal?.aborted) {
      return finishRun(db, runId, {
        status: "aborted",
        finishedAt: new Date(now()),
        error: "Collection was cancelled",
        apiCalls,
      });
    }
    // Not an AWS failure (those fail their unit): most likely the database. Record it if we still can.
    await finishRun(db, runId, { status: "failed", finishedAt: new Date(now()), error: String(error), apiCalls });
    throw error;
  }

  const outcome = runOutcome({ collectUnits: units.length, failedCollectUnits: failed, discoveryFailures });
  return finishRun(db, runId, {
    status: outcome.status,
    finishedAt: new Date(now()),
    error: outcome.error,
    regionListingsFailed: outcome.regionListingsFailed,
    accountsNotAttempted: outcome.accountsNotAttempted,
    apiCalls,
  });
}

/**
 * Every account-region to collect: AWS_REGIONS when set, else each account's enabled regions. An
 * account whose DescribeRegions fails gets a failed discovery unit and is still collected in the
 * fallback regions (see chooseFallbackRegions), so one denied call cannot hide its instances.
 */
async function planUnits(
  deps: CollectorDeps,
  accounts: TargetAccount[],
  countCall: (operation: string) => void,
): Promise<{ units: Unit[]; discoveryFailures: FailedDiscovery[] }> {
  const { settings } = deps;
  const sql = deps.db.raw;
  const units: Unit[] = [];
  const discoveryFailures: FailedDiscovery[] = [];
  if (settings.regions.length > 0) {
    for (const account of accounts) {
      for (const region of settings.regions) {
        await saveRegion(sql, { accountId: account.id, name: region, optInStatus: null });
        units.push({ account, region });
      }
    }
    return { units: sortUnits(units), discoveryFailures };
  }

  const listings: RegionListing[] = [];
  await runPool(accounts, settings.concurrency, async (account) => {
    const ec2 = ec2Client(deps.aws, account.access, deps.aws.homeRegion, countCall);
    try {
      listings.push({ account, regions: await listEnabledRegions(ec2) });
    } catch (error) {
      listings.push({ account, failure: toAwsFailure(error) });
    } finally {
      ec2.destroy();
    }
  });

  for (const listing of listings) {
    const { account } = listing;
    if ("regions" in listing) {
      for (const region of listing.regions) {
        await saveRegion(sql, { accountId: account.id, name: region.name, optInStatus: region.optInStatus });
        units.push({ account, region: region.name });
      }
      continue;
    }
    const fallback = chooseFallbackRegions({
      configured: settings.regions,
      otherAccountsRegions: listings.flatMap((other) =>
        other !== listing && "regions" in other ? [other.regions.map((region) => region.name)] : [],
      ),
    });
    const { failure } = listing;
    discoveryFailures.push({
      accountId: account.id,
      region: deps.aws.homeRegion,
      code: failure.code,
      fallback,
      message:
        `Could not list the account's regions (DescribeRegions): ${failure.message}` +
        `${failure.requestId ? ` (request id ${failure.requestId})` : ""}; ${describeRegionFallback(fallback)}`,
    });
    for (const region of fallback.regions) {
      // Not known to be enabled here: the opt-in status stays unknown until a listing succeeds.
      await saveRegion(sql, { accountId: account.id, name: region, optInStatus: null });
      units.push({ account, region });
    }
  }
  discoveryFailures.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { units: sortUnits(units), discoveryFailures };
}

function sortUnits(units: Unit[]): Unit[] {
  return units.sort((a, b) => a.account.id.localeCompare(b.account.id) || a.region.localeCompare(b.region));
}
