import { maskWebhookAuditValues } from "@/lib/domain/webhook-url";
import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/conn/types";

// The audit trail of changes made in AWS (lib/changes writes it). Ids travel as strings: they are
// bigints in the database.

import { type AuditAction, type AuditStatus } from "@/lib/contracts/audit-options";
import { AuditQuery } from "@/lib/contracts/audit-query";

export { AUDIT_ACTIONS, AUDIT_STATUSES, type AuditAction, type AuditStatus } from "@/lib/contracts/audit-options";

export interface AuditRecord {
  id: string;
  changeId: string;
  requestedAt: string;
  completedAt: string | null;
  actorId: string;
  actorName: string;
  action: string;
  accountId: string;
  region: string;
  instanceId: string | null;
  before: unknown;
  after: unknown;
  status: AuditStatus;
  awsRequestId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  undoOf: string | null;
  /** The id of a later undo that succeeded or may have (requested), if any. */
  undoneBy: string | null;
}

type Row = Prisma.AuditEntryGetPayload<object>;

// A webhook's URL is a credential. New rows are written masked; older rows are masked here on every
// read (page, API, CSV) instead of rewritten: audit history stays as written, and one rule also covers
// restored backups and rows from an older process still running during a deploy.
const withUrlMasked = (action: string, values: unknown) =>
  action.startsWith("webhook.") ? maskWebhookAuditValues(values) : values;

function toRecord(row: Row, undoneBy: string | null = null): AuditRecord {
  return {
    id: row.id.toString(),
    changeId: row.changeId,
    requestedAt: row.requestedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    accountId: row.accountId,
    region: row.region,
    instanceId: row.instanceId,
    before: withUrlMasked(row.action, row.before),
    after: withUrlMasked(row.action, row.after),
    // safe because only this module writes status, from AUDIT_STATUSES
    status: row.status as AuditStatus,
    awsRequestId: row.awsRequestId,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    undoOf: row.undoOf?.toString() ?? null,
    undoneBy,
  };
}

export interface NewAuditEntry {
  changeId: string;
  requestedAt: Date;
  actorId: string;
  actorName: string;
  action: AuditAction;
  accountId: string;
  region: string;
  instanceId?: string | null;
  before: Prisma.InputJsonValue | null;
  after: Prisma.InputJsonValue | null;
  undoOf?: string | null;
  /** A row for a request refused before any AWS call is written complete (failed) at once. */
  refused?: { code: string; message: string };
  /**
   * A row for a change done in the caller's transaction (no AWS call to wait for, e.g. a guardrail
   * waiver) is written complete (succeeded) at once, at this time.
   */
  completedAt?: Date;
}

const json = (value: Prisma.InputJsonValue | null) => (value === null ? undefined : value);

/**
 * Writes the row (status requested; failed when `refused`; succeeded when `completedAt`) and returns
 * it. `db` may be a transaction's client, so the row commits with the change it records.
 */
export async function createAuditEntry(db: Pick<Db, "auditEntry">, entry: NewAuditEntry): Promise<AuditRecord> {
  const row = await db.auditEntry.create({
    data: {
      changeId: entry.changeId,
      requestedAt: entry.requestedAt,
      actorId: entry.actorId,
      actorName: entry.actorName,
      action: entry.action,
      accountId: entry.accountId,
      region: entry.region,
      instanceId: entry.instanceId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      undoOf: entry.undoOf ? BigInt(entry.undoOf) : null,
      ...(entry.refused
        ? {
            status: "failed",
            completedAt: entry.requestedAt,
            errorCode: entry.refused.code,
            errorMessage: entry.refused.message,
          }
        : entry.completedAt
          ? { status: "succeeded", completedAt: entry.completedAt }
          : { status: "requested" }),
    },
  });
  return toRecord(row);
}

export interface AuditCompletion {
  status: "succeeded" | "failed";
  completedAt: Date;
  awsRequestId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** What AWS reports after the change, when it differs from what the row expected. */
  after?: Prisma.InputJsonValue;
}

export async function completeAuditEntry(db: Db, id: string, completion: AuditCompletion): Promise<AuditRecord> {
  const row = await db.auditEntry.update({
    where: { id: BigInt(id) },
    data: {
      status: completion.status,
      completedAt: completion.completedAt,
      awsRequestId: completion.awsRequestId ?? null,
      errorCode: completion.errorCode ?? null,
      errorMessage: completion.errorMessage ?? null,
      ...(completion.after === undefined ? {} : { after: completion.after }),
    },
  });
  return toRecord(row);
}

async function undoneByMap(db: Db, ids: bigint[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const undos = await db.auditEntry.findMany({
    where: { undoOf: { in: ids }, status: { in: ["requested", "succeeded"] } },
    select: { id: true, undoOf: true },
    orderBy: { id: "asc" },
  });
  return new Map(undos.map((undo) => [undo.undoOf!.toString(), undo.id.toString()]));
}

/** Every row of one change (one request), in order. */
export async function listChangeEntries(db: Db, changeId: string): Promise<AuditRecord[]> {
  const rows = await db.auditEntry.findMany({ where: { changeId }, orderBy: { id: "asc" } });
  const undone = await undoneByMap(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toRecord(row, undone.get(row.id.toString()) ?? null));
}

export interface AuditPage {
  entries: AuditRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function whereOf(query: Omit<AuditQuery, "limit" | "cursor">): Prisma.AuditEntryWhereInput {
  return {
    ...(query.account ? { accountId: query.account } : {}),
    ...(query.region ? { region: query.region } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.status ? { status: query.status } : {}),
    // The actor filter matches the id or the display name.
    ...(query.actor ? { OR: [{ actorId: query.actor }, { actorName: query.actor }] } : {}),
    ...(query.change ? { changeId: query.change } : {}),
  };
}

/** Newest first, keyset-paged by id. */
export async function listAuditEntries(db: Db, query: AuditQuery): Promise<AuditPage> {
  const rows = await db.auditEntry.findMany({
    where: { ...whereOf(query), ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const undone = await undoneByMap(
    db,
    page.map((row) => row.id),
  );
  return {
    entries: page.map((row) => toRecord(row, undone.get(row.id.toString()) ?? null)),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id.toString() : null,
  };
}

/** Every row matching the filters, newest first, a page at a time (for the CSV export). */
export async function* iterateAuditEntries(
  db: Db,
  filters: Omit<AuditQuery, "limit" | "cursor">,
  pageSize = 1000,
): AsyncGenerator<AuditRecord> {
  let cursor: string | null = null;
  do {
    const page: AuditPage = await listAuditEntries(db, { ...filters, cursor, limit: pageSize });
    yield* page.entries;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
