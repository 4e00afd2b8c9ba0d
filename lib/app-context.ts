import { alertSettings } from "@/lib/alerts/settings";
import { resolveAwsContext } from "@/lib/aws/resolve-context";
import type { AwsContext } from "@/lib/aws/context";
import type { ReportContext } from "@/lib/reports/context";
import type { ChangeContext } from "@/lib/changes/context";
import type { CollectorDeps, CollectorSettings } from "@/lib/collector/run-collection";
import { getDatabase } from "@/lib/db/conn/client";
import { readDataVersion } from "@/lib/db/conn/data-version";
import { createReadCache, type ReadCache } from "@/lib/core/read-cache";
import { env, type Env } from "@/lib/env";
import type { Actor } from "@/lib/core/actor";
import { processSlot } from "@/lib/core/process-slot";

/**
 * The process's one database, AWS context and settings, built once on first use. Flat, and a
 * CollectorDeps itself, so the collector, the changes and the pages take what they need from one place.
 */
export interface AppContext extends CollectorDeps {
  config: Env;
  /** The dashboard's reads, answered from memory until the collector changes the data. */
  reads: ReadCache;
  close(): Promise<void>;
}

export function collectorSettings(config: Env, mode: AwsContext["mode"]): CollectorSettings {
  return {
    regions: config.AWS_REGIONS,
    accountIds: config.AWS_ACCOUNT_IDS,
    // The simulated fleet is an organization; a real caller opts in explicitly.
    useOrganizations:
      config.AWS_USE_ORGANIZATIONS === "auto" ? mode === "simulator" : config.AWS_USE_ORGANIZATIONS === "true",
    assumeRoleName: config.AWS_ASSUME_ROLE_NAME,
    concurrency: config.COLLECT_CONCURRENCY,
    backfillDays: config.METRICS_BACKFILL_DAYS,
    hourlyHours: config.METRICS_HOURLY_HOURS,
    readinessWindowDays: config.READINESS_WINDOW_DAYS,
    historyDays: config.HISTORY_DAYS,
  };
}

const cache = processSlot<Promise<AppContext>>("app-context");

export function getAppContext(): Promise<AppContext> {
  cache.value ??= buildAppContext().catch((error: unknown) => {
    cache.value = undefined;
    throw error;
  });
  return cache.value;
}

async function buildAppContext(): Promise<AppContext> {
  const config = env();
  const database = await getDatabase();
  const resolved = await resolveAwsContext(config);
  return {
    config,
    db: database,
    aws: resolved.ctx,
    settings: collectorSettings(config, resolved.ctx.mode),
    databaseUrl: config.DATABASE_URL,
    alerts: alertSettings(config),
    reads: createReadCache({
      readVersion: () => readDataVersion(database.prisma),
      maxEntries: config.READ_CACHE_ENTRIES,
    }),
    async close() {
      await resolved.stopSimulator?.();
      await database.close();
    },
  };
}

/** A read through the app's cache: the same key from a page and an API route shares one result. */
export function cachedRead<T>(app: AppContext, key: string, read: (app: AppContext) => Promise<T>): Promise<T> {
  return app.reads.get(key, () => read(app));
}

/** What a change made by `actor` needs: the collector's database, AWS context and role name. */
/** A report action's context; `source` is the header's mode label (Simulated AWS or the account ids). */
export function reportContext(app: AppContext, actor: Actor, source: string): ReportContext {
  return {
    db: app.db,
    actor,
    source,
    readinessWindowDays: app.settings.readinessWindowDays,
  };
}

export function changeContext(app: AppContext, actor: Actor): ChangeContext {
  return {
    db: app.db,
    aws: app.aws,
    assumeRoleName: app.settings.assumeRoleName,
    readinessWindowDays: app.settings.readinessWindowDays,
    alarmTopicTemplate: app.config.ALARM_SNS_TOPIC_ARN ?? null,
    actor,
  };
}
