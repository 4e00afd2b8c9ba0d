import { findReportByTokenHash, getReportSnapshot, recordReportView, type ReportRecord } from "@/lib/db/write/reports";
import { AppError } from "@/lib/core/app-error";
import type { Db } from "@/lib/db/conn/types";
import type { ReportSnapshot } from "@/lib/contracts/report-snapshot";
import { reportState } from "@/lib/contracts/report-state";
import { hashReportToken, REPORT_TOKEN_PATTERN } from "./token";

export type OpenedReport =
  | { state: "ok"; report: ReportRecord; snapshot: ReportSnapshot }
  /** Issued once, no longer valid: the link answers 410 and says why. */
  | { state: "revoked"; report: ReportRecord }
  | { state: "expired"; report: ReportRecord }
  /** Never issued (or not a token at all): 404, saying nothing more. */
  | { state: "unknown" };

export type ReportLink = Exclude<OpenedReport, { state: "ok" }> | { state: "ok"; report: ReportRecord };

/** Whether a report link works now, without reading its snapshot. Only the token's hash is looked up. */
export async function findReportLink(db: Db, token: string, now = Date.now()): Promise<ReportLink> {
  if (!REPORT_TOKEN_PATTERN.test(token)) return { state: "unknown" };
  const report = await findReportByTokenHash(db, hashReportToken(token));
  if (!report) return { state: "unknown" };
  const state = reportState(report, now);
  return state === "active" ? { state: "ok", report } : { state, report };
}

/** What a report link leads to now, with the snapshot when it works. */
export async function findReportByToken(db: Db, token: string, now = Date.now()): Promise<OpenedReport> {
  const link = await findReportLink(db, token, now);
  return link.state === "ok" ? { ...link, snapshot: await getReportSnapshot(db, link.report.id) } : link;
}

/** Opens a report for a reader: counts the view when the link is valid. */
export async function openReport(db: Db, token: string, now = Date.now()): Promise<OpenedReport> {
  const opened = await findReportByToken(db, token, now);
  if (opened.state === "ok") await recordReportView(db, opened.report.id, new Date(now));
  return opened;
}

/** The words a gone link answers with (410). */
export function goneMessage(opened: Extract<ReportLink, { state: "revoked" | "expired" }>): string {
  return opened.state === "revoked"
    ? `This report link was revoked${opened.report.revokedByName ? ` by ${opened.report.revokedByName}` : ""} on ${opened.report.revokedAt?.slice(0, 10)}. Ask its owner, ${opened.report.createdByName}, for a new one.`
    : `This report link expired on ${opened.report.expiresAt?.slice(0, 10)}. Ask its owner, ${opened.report.createdByName}, for a new one.`;
}

/** A working report link for its downloads: 404 when never issued, 410 when revoked or expired. */
export async function getLiveReportLink(db: Db, token: string): Promise<Extract<ReportLink, { state: "ok" }>> {
  const link = await findReportLink(db, token);
  if (link.state === "unknown") throw new AppError("NotFound", "No such report.");
  if (link.state !== "ok") throw new AppError("Gone", goneMessage(link));
  return link;
}

/** getLiveReportLink with the snapshot. */
export async function getLiveReport(db: Db, token: string): Promise<Extract<OpenedReport, { state: "ok" }>> {
  const link = await getLiveReportLink(db, token);
  return { ...link, snapshot: await getReportSnapshot(db, link.report.id) };
}
