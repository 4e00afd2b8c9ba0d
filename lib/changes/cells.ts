import { accountAccessFor, getCallerAccountId } from "@/lib/aws/accounts";
import { cloudWatchClient, ec2Client, type AwsContext } from "@/lib/aws/context";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { toAwsFailure, type AwsFailure } from "@/lib/aws/errors";
import { getMetadataDefaults } from "@/lib/aws/metadata-defaults";
import type { MetadataDefaults } from "@/lib/domain/imds";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { findRegionDefaults, type CellKey, type StoredRegionDefaults } from "@/lib/db/read/region-change-impact";
import { saveRegionDefaults } from "@/lib/db/write/regions";
import { snapshotOf, type DefaultsSnapshot } from "@/lib/domain/region-defaults";
import { AppError } from "@/lib/core/app-error";
import type { ChangeContext } from "./context";

// Shared by preview, apply and undo: which cells exist, their stored and live defaults, and an
// EC2 client with the account's credentials (the collector's own access path).

export const cellKey = (cell: CellKey) => `${cell.accountId}/${cell.region}`;
export const DECLARATIVE_POLICY = "declarative-policy";
/** Our code for a change refused because a declarative policy manages the region (AWS has none). */
export const MANAGED_CODE = "ManagedByDeclarativePolicy";

/** The stored defaults of every cell, or 422 naming the first cell the dashboard does not know. */
export async function loadStoredCells(
  ctx: ChangeContext,
  cells: readonly CellKey[],
): Promise<Map<string, StoredRegionDefaults>> {
  const stored = await findRegionDefaults(ctx.db.raw, cells);
  const index = cells.findIndex((cell) => !stored.has(cellKey(cell)));
  if (index >= 0) {
    const cell = cells[index]!;
    const account = await ctx.db.prisma.account.findUnique({ where: { id: cell.accountId }, select: { id: true } });
    const message = account
      ? `cells[${index}].region: "${cell.region}" is not a collected region of account ${cell.accountId}`
      : `cells[${index}].accountId: "${cell.accountId}" is not a collected account`;
    throw new AppError("ValidationFailed", message);
  }
  return stored;
}

export function managedMessage(cell: {
  managedBy: string | null;
  managedExceptionMessage: string | null;
}): string | null {
  if (cell.managedBy !== DECLARATIVE_POLICY) return null;
  return cell.managedExceptionMessage ?? "The IMDS defaults of this region are managed by a declarative policy";
}

// The caller's account id, asked once per AWS context (STS GetCallerIdentity).
const callers = new WeakMap<AwsContext, Promise<string>>();
function callerAccountId(aws: AwsContext): Promise<string> {
  let id = callers.get(aws);
  if (!id) {
    id = getCallerAccountId(aws);
    id.catch(() => callers.delete(aws));
    callers.set(aws, id);
  }
  return id;
}

export async function withEc2<T>(ctx: ChangeContext, cell: CellKey, fn: (ec2: EC2Client) => Promise<T>): Promise<T> {
  const access = accountAccessFor(ctx.aws, cell.accountId, await callerAccountId(ctx.aws), ctx.assumeRoleName);
  const ec2 = ec2Client(ctx.aws, access, cell.region);
  try {
    return await fn(ec2);
  } finally {
    ec2.destroy();
  }
}

/** Like withEc2, for CloudWatch in the cell's account and region. */
export async function withCloudWatch<T>(
  ctx: ChangeContext,
  cell: CellKey,
  fn: (cloudwatch: CloudWatchClient) => Promise<T>,
): Promise<T> {
  const access = accountAccessFor(ctx.aws, cell.accountId, await callerAccountId(ctx.aws), ctx.assumeRoleName);
  const cloudwatch = cloudWatchClient(ctx.aws, access, cell.region);
  try {
    return await fn(cloudwatch);
  } finally {
    cloudwatch.destroy();
  }
}

export interface CurrentDefaults {
  defaults: DefaultsSnapshot;
  managedBy: string | null;
  managedExceptionMessage: string | null;
  /** live: read now with GetInstanceMetadataDefaults; stored: the live read failed (liveFailure). */
  source: "live" | "stored";
  liveFailure: AwsFailure | null;
}

/**
 * The current defaults of a cell, read live; where the read fails (e.g. access denied) the stored
 * ones. A live value that differs from the stored one is saved (the dashboard catches up); the
 * result says whether it did, so the caller can advance the data version once.
 */
export async function readCurrentDefaults(
  ctx: ChangeContext,
  cell: CellKey,
  stored: StoredRegionDefaults,
): Promise<{ current: CurrentDefaults; savedLive: boolean }> {
  let live: MetadataDefaults;
  try {
    live = await withEc2(ctx, cell, getMetadataDefaults);
  } catch (error) {
    return {
      current: {
        defaults: snapshotOf(stored),
        managedBy: stored.managedBy,
        managedExceptionMessage: stored.managedExceptionMessage,
        source: "stored",
        liveFailure: toAwsFailure(error),
      },
      savedLive: false,
    };
  }
  const differs = (
    [
      "httpTokens",
      "httpPutResponseHopLimit",
      "httpEndpoint",
      "instanceMetadataTags",
      "httpTokensEnforced",
      "managedBy",
      "managedExceptionMessage",
    ] as const
  ).some((field) => live[field] !== stored[field]);
  if (differs)
    await saveRegionDefaults(ctx.db.raw, cell.accountId, cell.region, live, new Date((ctx.now ?? Date.now)()));
  return {
    current: {
      defaults: snapshotOf(live),
      managedBy: live.managedBy,
      managedExceptionMessage: live.managedExceptionMessage,
      source: "live",
      liveFailure: null,
    },
    savedLive: differs,
  };
}

/** Runs fn over items with at most `limit` at once; the first rejection rejects the whole. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
