import type { Waiver } from "@/lib/terraform-guard/waivers";
import { toCsv, type CsvColumn } from "@/lib/contracts/csv";
import { createAuditEntry } from "./audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/conn/types";

// Guardrail waivers (model GuardWaiver). Every create and revoke writes its audit row in the same
// transaction, so the trail cannot miss one. Ids travel as strings: they are bigints here.

import { type WaiverState } from "@/lib/contracts/waiver-states";
import { WaiverQuery } from "@/lib/contracts/waiver-query";

export interface WaiverRecord extends Waiver {
  createdById: string;
  createdByName: string;
  createdAt: string;
  revokedById: string | null;
  revokedByName: string | null;
  /** As of the read: revoked wins over expired. */
  state: WaiverState;
}

type Row = Prisma.GuardWaiverGetPayload<object>;

function waiverState(row: { revokedAt: Date | null; expiresAt: Date }, now: number): WaiverState {
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() > now ? "active" : "expired";
}

function toRecord(row: Row, now: number): WaiverRecord {
  return {
    id: row.id.toString(),
    policy: row.policy,
    address: row.address,
    owner: row.owner,
    reason: row.reason,
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdById: row.createdById,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    revokedById: row.revokedById,
    revokedByName: row.revokedByName,
    state: waiverState(row, now),
  };
}

/** What the audit trail keeps of a waiver (before/after). */
const snapshot = (row: Row) => ({
  waiverId: row.id.toString(),
  policy: row.policy,
  address: row.address,
  owner: row.owner,
  reason: row.reason,
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

interface WaiverActor {
  id: string;
  name: string;
}

async function audit(
  tx: Prisma.TransactionClient,
  action: "guard-waiver.create" | "guard-waiver.revoke",
  actor: WaiverActor,
  at: Date,
  before: Row | null,
  after: Row,
) {
  await createAuditEntry(tx, {
    changeId: `guard-waiver-${after.id.toString()}`,
    requestedAt: at,
    completedAt: at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    // Not an AWS change: no account or region.
    accountId: "",
    region: "",
    before: before ? snapshot(before) : null,
    after: snapshot(after),
  });
}

export interface NewWaiver {
  policy: string;
  address: string;
  owner: string;
  reason: string;
  expiresAt: Date;
}

export async function insertWaiver(db: Db, waiver: NewWaiver, actor: WaiverActor, now: Date): Promise<WaiverRecord> {
  const row = await db.$transaction(async (tx) => {
    const created = await tx.guardWaiver.create({
      data: { ...waiver, createdById: actor.id, createdByName: actor.name, createdAt: now },
    });
    await audit(tx, "guard-waiver.create", actor, now, null, created);
    return created;
  });
  return toRecord(row, now.getTime());
}

/** Revokes an unrevoked waiver; null when there is no such waiver, "already" when it was revoked before. */
export async function markWaiverRevoked(
  db: Db,
  id: string,
  actor: WaiverActor,
  now: Date,
): Promise<WaiverRecord | null | "already"> {
  return db.$transaction(async (tx) => {
    const before = await tx.guardWaiver.findUnique({ where: { id: BigInt(id) } });
    if (!before) return null;
    if (before.revokedAt) return "already";
    const after = await tx.guardWaiver.update({
      where: { id: before.id },
      data: { revokedAt: now, revokedById: actor.id, revokedByName: actor.name },
    });
    await audit(tx, "guard-waiver.revoke", actor, now, before, after);
    return toRecord(after, now.getTime());
  });
}

function whereOf(query: WaiverQuery, now: Date): Prisma.GuardWaiverWhereInput {
  const state: Prisma.GuardWaiverWhereInput =
    query.state === "revoked"
      ? { revokedAt: { not: null } }
      : query.state === "active"
        ? { revokedAt: null, expiresAt: { gt: now } }
        : query.state === "expired"
          ? { revokedAt: null, expiresAt: { lte: now } }
          : {};
  return {
    ...state,
    ...(query.policy ? { policy: query.policy } : {}),
    ...(query.address ? { address: { contains: query.address } } : {}),
    ...(query.owner ? { owner: { contains: query.owner, mode: "insensitive" } } : {}),
  };
}

/** Newest first. Waivers are few (one per accepted exception), so the list is not paged; capped at 1,000. */
export async function listWaivers(db: Db, query: WaiverQuery, now = new Date()): Promise<WaiverRecord[]> {
  const rows = await db.guardWaiver.findMany({ where: whereOf(query, now), orderBy: { id: "desc" }, take: 1000 });
  return rows.map((row) => toRecord(row, now.getTime()));
}

/** The waivers that apply now: not revoked, not expired. */
export async function listActiveWaivers(db: Db, now = new Date()): Promise<WaiverRecord[]> {
  return listWaivers(db, { state: "active", policy: null, address: null, owner: null }, now);
}

export const WAIVER_CSV_COLUMNS: readonly CsvColumn<WaiverRecord>[] = [
  { header: "id", value: (row) => row.id },
  { header: "state", value: (row) => row.state },
  { header: "policy", value: (row) => row.policy },
  { header: "address", value: (row) => row.address },
  { header: "owner", value: (row) => row.owner },
  { header: "reason", value: (row) => row.reason },
  { header: "expires_at", value: (row) => row.expiresAt },
  { header: "created_at", value: (row) => row.createdAt },
  { header: "created_by", value: (row) => row.createdByName },
  { header: "revoked_at", value: (row) => row.revokedAt },
  { header: "revoked_by", value: (row) => row.revokedByName },
];

export function waiversCsv(rows: readonly WaiverRecord[]): string {
  return toCsv(rows, WAIVER_CSV_COLUMNS);
}
