import { csvStream, type CsvColumn } from "@/lib/contracts/csv";
import { iterateAuditEntries, type AuditRecord } from "@/lib/db/write/audit";
import type { AuditQuery } from "@/lib/contracts/audit-query";
import type { Db } from "@/lib/db/conn/types";

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditRecord>[] = [
  { header: "id", value: (row) => row.id },
  { header: "change_id", value: (row) => row.changeId },
  { header: "requested_at", value: (row) => row.requestedAt },
  { header: "completed_at", value: (row) => row.completedAt },
  { header: "actor_id", value: (row) => row.actorId },
  { header: "actor_name", value: (row) => row.actorName },
  { header: "action", value: (row) => row.action },
  { header: "account_id", value: (row) => row.accountId },
  { header: "region", value: (row) => row.region },
  { header: "instance_id", value: (row) => row.instanceId },
  { header: "status", value: (row) => row.status },
  // A row still "requested" was never completed: the process stopped between the audit write and
  // the end of the AWS call, so nobody knows whether AWS applied it.
  { header: "outcome", value: (row) => (row.status === "requested" ? "outcome unknown" : row.status) },
  { header: "before", value: (row) => json(row.before) },
  { header: "after", value: (row) => json(row.after) },
  { header: "aws_request_id", value: (row) => row.awsRequestId },
  { header: "error_code", value: (row) => row.errorCode },
  { header: "error_message", value: (row) => row.errorMessage },
  { header: "undo_of", value: (row) => row.undoOf },
  { header: "undone_by", value: (row) => row.undoneBy },
];

/** The whole filtered audit trail as CSV, newest first, streamed a page at a time. */
export function streamAuditCsv(db: Db, filters: Omit<AuditQuery, "limit" | "cursor">): ReadableStream<Uint8Array> {
  return csvStream(iterateAuditEntries(db, filters), AUDIT_CSV_COLUMNS);
}
