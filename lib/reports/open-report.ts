import { findReportByTokenHash, recordReportView, type ReportRecord } from "@/lib/db/reports";
import { AppError } from "@/lib/http/app-error";
import type { Db } from "@/lib/db/types";
import type { ReportSnapshot } from "./snapshot";
import { hashReportToken, REPORT_TOKEN_PATTERN } from "./token";

export type OpenedReport =
  | { state: "ok"; report: ReportRecord; snapshot: ReportSnapshot }
  /** Issued once, no longer valid: the link answers 410 and says why. */
  | { state: "revoked"; report: ReportRecord }
  | { state: "expired"; report: ReportRecord }
  /** Never issued (or not a token at all): 404, saying nothing more. */
  | { state: "unknown" };

/** What a report link leads to now. Only the token's hash is looked up. */
export async function findReportByToken(db: Db, token: string, now = Date.now()): Promise<OpenedReport> {
  if (!REPORT_TOKEN_PATTERN.test(token)) return { state: "unknown" };
  const found = await findReportByTokenHash(db, hashReportToken(token));
  if (!found) return { state: "unknown" };
  const { snapshot, ...report } = found;
  if (report.revokedAt) return { state: "revoked", report };
  if (report.expiresAt && Date.parse(report.expiresAt) <= now) return { state: "expired", report };
  return { state: "ok", report, snapshot };
}

/** Opens a report for a reader: counts the view when the link is valid. */
export async function openReport(db: Db, token: string, now = Date.now()): Promise<OpenedReport> {
  const opened = await findReportByToken(db, token, now);
  if (opened.state === "ok") await recordReportView(db, opened.report.id, new Date(now));
  return opened;
}

/** The words a gone link answers with (410). */
export function goneMessage(opened: Extract<OpenedReport, { state: "revoked" | "expired" }>): string {
  return opened.state === "revoked"
    ? `This report link was revoked${opened.report.revokedByName ? ` by ${opened.report.revokedByName}` : ""} on ${opened.report.revokedAt?.slice(0, 10)}. Ask its owner, ${opened.report.createdByName}, for a new one.`
    : `This report link expired on ${opened.report.expiresAt?.slice(0, 10)}. Ask its owner, ${opened.report.createdByName}, for a new one.`;
}

/** A report link's snapshot for its downloads: 404 when never issued, 410 when revoked or expired. */
export async function getLiveReport(db: Db, token: string): Promise<Extract<OpenedReport, { state: "ok" }>> {
  const opened = await findReportByToken(db, token);
  if (opened.state === "unknown") throw new AppError("NotFound", "No such report.");
  if (opened.state !== "ok") throw new AppError("Gone", goneMessage(opened));
  return opened;
}
