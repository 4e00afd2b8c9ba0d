import {
  cloudTrailClient,
  cloudWatchClient,
  ec2Client,
  type AccountAccess,
  type AwsContext,
  type CallCounter,
} from "@/lib/aws/context";
import { describeImages } from "@/lib/aws/images";
import { listInstances } from "@/lib/aws/instances";
import { describeTemplateVersions } from "@/lib/aws/launch-templates";
import { getMetadataDefaults } from "@/lib/aws/metadata-defaults";
import { saveImages } from "@/lib/db/write/images";
import { markUnseenTerminated, saveInstances } from "@/lib/db/write/instances";
import { saveTemplateVersions } from "@/lib/db/write/launch-templates";
import { refreshReadiness } from "@/lib/db/write/readiness";
import { markRegionCollected, saveRegionDefaults } from "@/lib/db/write/regions";
import { refreshInstanceSummary } from "@/lib/db/write/instance-summary";
import {
  findFirstMetricDay,
  hasTeamRollups,
  recordSettingsSnapshot,
  refreshMetricRollups,
} from "@/lib/db/write/rollups";
import type { Database } from "@/lib/db/conn/client";
import { collectedDataTransaction } from "@/lib/db/conn/write-transaction";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import { collectRegionHistory } from "./collect-history";
import { collectRegionMetrics } from "./collect-metrics";

export type UnitPhase =
  "instances" | "defaults" | "images" | "templates" | "metrics" | "rollups" | "readiness" | "history";

export interface UnitInput {
  db: Database;
  aws: AwsContext;
  access: AccountAccess;
  region: string;
  runId: number;
  now: () => number;
  backfillDays: number;
  hourlyHours: number;
  readinessWindowDays: number;
  /** Days of CloudTrail history to reconstruct settings from (0 = off). */
  historyDays: number;
  countCall: CallCounter;
  onPhase: (phase: UnitPhase) => Promise<void>;
  checkpoint: () => void;
}

export interface UnitResult {
  instances: number;
  metricPoints: number;
}

/** Everything for one account x region, phase by phase; any AWS error fails this unit only. */
export async function collectUnit(input: UnitInput): Promise<UnitResult> {
  const { db, access, region } = input;
  const sql = db.raw;
  const accountId = access.accountId;
  const ec2 = ec2Client(input.aws, access, region, input.countCall);
  const cloudwatch = cloudWatchClient(input.aws, access, region, input.countCall);
  const cloudtrail = cloudTrailClient(input.aws, access, region, input.countCall);
  const seenAt = new Date(input.now());
  // CloudTrail history is slow (LookupEvents: 2 calls a second) and independent of the other phases
  // once instances are saved, so it runs alongside them. It settles to its error, never rejects.
  let history: Promise<unknown> | undefined;
  let instancesSaved = false;

  try {
    await input.onPhase("instances");
    const instances = await listInstances(ec2);
    input.checkpoint();
    await collectedDataTransaction(sql, async (tx) => {
      await saveInstances(tx, { accountId, region, records: instances, seenAt, runId: input.runId });
      await markUnseenTerminated(tx, { accountId, region, seenAt });
    });
    instancesSaved = true;

    if (input.historyDays > 0) {
      history = collectRegionHistory({
        db,
        cloudtrail,
        accountId,
        region,
        now: input.now(),
        days: input.historyDays,
      }).then(
        () => null,
        (error: unknown) => error ?? new Error("CloudTrail history failed"),
      );
    }

    await input.onPhase("defaults");
    const defaults = await getMetadataDefaults(ec2);
    await saveRegionDefaults(sql, accountId, region, defaults, seenAt);

    await input.onPhase("images");
    const imageIds = [...new Set(instances.map((i) => i.imageId).filter((id): id is string => Boolean(id)))].sort();
    const images = await describeImages(ec2, imageIds);
    await saveImages(sql, { accountId, region, images, seenAt });

    await input.onPhase("templates");
    const templateVersions = new Map<string, Set<string>>();
    for (const instance of instances) {
      if (!instance.launchTemplateId) continue;
      const versions = templateVersions.get(instance.launchTemplateId) ?? new Set<string>();
      if (instance.launchTemplateVersion) versions.add(instance.launchTemplateVersion);
      templateVersions.set(instance.launchTemplateId, versions);
    }
    for (const [launchTemplateId, versions] of [...templateVersions].sort(([a], [b]) => a.localeCompare(b))) {
      input.checkpoint();
      const result = await describeTemplateVersions(ec2, launchTemplateId, [...versions].sort());
      await saveTemplateVersions(sql, { accountId, region, launchTemplateId, ...result, seenAt });
    }

    await input.onPhase("metrics");
    const metrics = await collectRegionMetrics({
      db,
      cloudwatch,
      accountId,
      region,
      now: input.now(),
      backfillDays: input.backfillDays,
      hourlyHours: input.hourlyHours,
      checkpoint: input.checkpoint,
    });

    await input.onPhase("rollups");
    const todayStart = floorDay(seenAt.getTime());
    // A database from before per-team rollups gets them for every stored day, once.
    const untilNow = (await hasTeamRollups(sql, accountId, region))
      ? null
      : await findFirstMetricDay(sql, accountId, region);
    await refreshMetricRollups(sql, {
      accountId,
      region,
      fromDay: new Date(Math.min(metrics.earliestDay ?? todayStart - DAY_MS, untilNow?.getTime() ?? Infinity)),
      toDay: new Date(todayStart),
    });
    await recordSettingsSnapshot(sql, { accountId, region, day: new Date(todayStart) });

    await input.onPhase("readiness");
    await refreshReadiness(sql, { accountId, region, now: input.now(), windowDays: input.readinessWindowDays });

    // Awaited last, so a refused LookupEvents fails the unit visibly after everything else is saved.
    if (history) {
      await input.onPhase("history");
      const historyError = await history;
      if (historyError) throw historyError;
    }
    await markRegionCollected(sql, accountId, region, seenAt);
    // Metrics and readiness changed summarised columns since the instances phase.
    const summary = { accountId, region, now: input.now(), windowDays: input.readinessWindowDays };
    await refreshInstanceSummary(sql, summary);
    return { instances: instances.length, metricPoints: metrics.pointsWritten };
  } catch (error) {
    // Keep the summary true to what this unit did write; the unit's own error is the one to report.
    if (instancesSaved) {
      const summary = { accountId, region, now: input.now(), windowDays: input.readinessWindowDays };
      await refreshInstanceSummary(sql, summary).catch((summaryError: unknown) =>
        console.error(`instance summary of ${accountId}/${region} not refreshed:`, summaryError),
      );
    }
    throw error;
  } finally {
    // Never leave history writing after the unit (and perhaps the run's lock) is gone.
    await history;

    ec2.destroy();
    cloudwatch.destroy();
    cloudtrail.destroy();
  }
}
