import type { ReportSnapshot, ReportView } from "@/lib/contracts/report-snapshot";
import type { Db } from "@/lib/db/conn/types";

// Shared reports. The row is the report's own record (who made it, when, views, revocation); it is
// never deleted, so the reports page keeps the history of every link ever handed out.

export interface ReportRecord {
  id: string;
  view: ReportView;
  title: string;
  capturedAt: string;
  createdById: string;
  createdByName: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedByName: string | null;
  viewCount: number;
  lastViewedAt: string | null;
}

const RECORD_FIELDS = {
  id: true,
  view: true,
  title: true,
  capturedAt: true,
  createdById: true,
  createdByName: true,
  expiresAt: true,
  revokedAt: true,
  revokedByName: true,
  viewCount: true,
  lastViewedAt: true,
} as const;

type RecordRow = {
  id: string;
  view: string;
  title: string;
  capturedAt: Date;
  createdById: string;
  createdByName: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedByName: string | null;
  viewCount: number;
  lastViewedAt: Date | null;
};

function toRecord(row: RecordRow): ReportRecord {
  return {
    ...row,
    // safe because rows are only written by createReportRow with a ReportView
    view: row.view as ReportView,
    capturedAt: row.capturedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastViewedAt: row.lastViewedAt?.toISOString() ?? null,
  };
}

export interface NewReport {
  id: string;
  tokenHash: string;
  snapshot: ReportSnapshot;
  createdById: string;
  createdByName: string;
  expiresAt: Date | null;
}

export async function createReportRow(db: Db, report: NewReport): Promise<ReportRecord> {
  const row = await db.report.create({
    data: {
      id: report.id,
      tokenHash: report.tokenHash,
      view: report.snapshot.view,
      title: report.snapshot.title,
      // safe because a snapshot is plain JSON by construction (lib/reports/snapshot.ts)
      snapshot: report.snapshot as object,
      capturedAt: new Date(report.snapshot.capturedAt),
      createdById: report.createdById,
      createdByName: report.createdByName,
      expiresAt: report.expiresAt,
    },
    select: RECORD_FIELDS,
  });
  return toRecord(row);
}

/** Every report, newest first (people make a few a week: no paging needed). */
export async function listReports(db: Db): Promise<ReportRecord[]> {
  const rows = await db.report.findMany({ select: RECORD_FIELDS, orderBy: [{ capturedAt: "desc" }, { id: "asc" }] });
  return rows.map(toRecord);
}

export async function findReport(db: Db, id: string): Promise<ReportRecord | null> {
  const row = await db.report.findUnique({ where: { id }, select: RECORD_FIELDS });
  return row ? toRecord(row) : null;
}

/** The report behind a token hash, without its snapshot (which can be large). */
export async function findReportByTokenHash(db: Db, tokenHash: string): Promise<ReportRecord | null> {
  const row = await db.report.findUnique({ where: { tokenHash }, select: RECORD_FIELDS });
  return row ? toRecord(row) : null;
}

export async function getReportSnapshot(db: Db, id: string): Promise<ReportSnapshot> {
  const row = await db.report.findUniqueOrThrow({ where: { id }, select: { snapshot: true } });
  // safe because the column only ever holds what createReportRow stored
  return row.snapshot as unknown as ReportSnapshot;
}

/** Revokes once: a second revoke keeps the first one's time and name. */
export async function revokeReportRow(db: Db, id: string, byName: string, at: Date): Promise<ReportRecord | null> {
  await db.report.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, revokedByName: byName } });
  return findReport(db, id);
}

export async function recordReportView(db: Db, id: string, at: Date): Promise<void> {
  await db.report.update({ where: { id }, data: { viewCount: { increment: 1 }, lastViewedAt: at } });
}
