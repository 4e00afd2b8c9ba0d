import { toAwsFailure, type AwsFailure, type DryRunResult } from "@/lib/aws/errors";
import {
  completeAuditEntry,
  createAuditEntry,
  type AuditCompletion,
  type AuditRecord,
  type NewAuditEntry,
} from "@/lib/db/write/audit";
import type { ChangeContext } from "./context";

// The per-item steps every change shares (region defaults per cell, metadata options per
// instance): an audit row first, then a DryRun and the real call at the pacer's pace.

/** denied: the DryRun was refused; refused: not sent to AWS (a policy or setting forbids it). */
export type ChangeOutcome = "succeeded" | "failed" | "denied" | "refused";

/** One item of a change as the API answers it; S is what the change moves (before / after). */
export interface ItemResult<S> {
  accountId: string;
  region: string;
  /** The item's audit row (every item gets one, refused ones included). */
  auditId: string;
  outcome: ChangeOutcome;
  errorCode: string | null;
  message: string | null;
  awsRequestId: string | null;
  before: S;
  after: S;
}

export type ItemResultExtra<S> = Partial<Pick<ItemResult<S>, "errorCode" | "message" | "awsRequestId" | "after">>;

/** The result of one item; `after` defaults to what was expected when it succeeded, else `before`. */
export function itemResult<S>(
  item: { accountId: string; region: string; before: S; expected: S },
  outcome: ChangeOutcome,
  auditId: string,
  extra: ItemResultExtra<S> = {},
): ItemResult<S> {
  return {
    accountId: item.accountId,
    region: item.region,
    auditId,
    outcome,
    errorCode: extra.errorCode ?? null,
    message: extra.message ?? null,
    awsRequestId: extra.awsRequestId ?? null,
    before: item.before,
    after: extra.after ?? (outcome === "succeeded" ? item.expected : item.before),
  };
}

const nowOf = (ctx: ChangeContext) => new Date((ctx.now ?? Date.now)());

/**
 * Writes an item's audit row for the actor, now: requested, or failed at once when `refused`.
 * A requested row then runs the afterAuditWrite hook, before any AWS call.
 */
export async function openAuditRow(
  ctx: ChangeContext,
  entry: Omit<NewAuditEntry, "actorId" | "actorName" | "requestedAt" | "refused">,
  refused?: { code: string; message: string },
): Promise<AuditRecord> {
  const row = await createAuditEntry(ctx.db.prisma, {
    ...entry,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    requestedAt: nowOf(ctx),
    ...(refused ? { refused } : {}),
  });
  // Outside any catch: a throw here must leave the row "requested", as a crash would.
  if (!refused) await ctx.hooks?.afterAuditWrite?.(row);
  return row;
}

/** Completes an audit row as failed with AWS's code and request id; `message` defaults to AWS's. */
async function failAuditEntry(
  ctx: ChangeContext,
  auditId: string,
  failure: AwsFailure,
  message: string = failure.message,
): Promise<void> {
  await completeAuditEntry(ctx.db.prisma, auditId, {
    status: "failed",
    completedAt: nowOf(ctx),
    awsRequestId: failure.requestId ?? null,
    errorCode: failure.code,
    errorMessage: message,
  });
}

/** Completes an audit row as succeeded; `after` only when AWS reports other values than the row expected. */
export async function succeedAuditEntry(
  ctx: ChangeContext,
  auditId: string,
  awsRequestId: string | null,
  after?: AuditCompletion["after"],
): Promise<void> {
  await completeAuditEntry(ctx.db.prisma, auditId, {
    status: "succeeded",
    completedAt: nowOf(ctx),
    awsRequestId,
    ...(after === undefined ? {} : { after }),
  });
}

type CallOutcome<R> = { outcome: "succeeded"; reply: R } | { outcome: "denied" | "failed"; failure: AwsFailure };

/**
 * take -> DryRun -> take -> the real call. A refused DryRun (denied) or a failed call completes the
 * audit row as failed with `auditMessage`; a success leaves the row to the caller.
 */
export async function dryRunThenCall<R>(
  ctx: ChangeContext,
  auditId: string,
  steps: {
    take: () => Promise<void>;
    dryRun: () => Promise<DryRunResult>;
    call: () => Promise<R>;
    auditMessage: (outcome: "denied" | "failed", failure: AwsFailure) => string;
  },
): Promise<CallOutcome<R>> {
  const fail = async (outcome: "denied" | "failed", failure: AwsFailure): Promise<CallOutcome<R>> => {
    await failAuditEntry(ctx, auditId, failure, steps.auditMessage(outcome, failure));
    return { outcome, failure };
  };
  await steps.take();
  const dryRun = await steps.dryRun();
  if (!dryRun.allowed) return fail("denied", dryRun.failure);

  await steps.take();
  let reply: R;
  try {
    reply = await steps.call();
  } catch (error) {
    return fail("failed", toAwsFailure(error));
  }
  return { outcome: "succeeded", reply };
}
