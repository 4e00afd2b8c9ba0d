import { csvRow, type CsvValue } from "@/lib/csv";
import { iterateAuditEntries, type AuditQuery, type AuditRecord } from "./audit";
import type { Db } from "./types";

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const AUDIT_CSV_COLUMNS: readonly [string, (row: AuditRecord) => CsvValue][] = [
  ["id", (row) => row.id],
  ["change_id", (row) => row.changeId],
  ["requested_at", (row) => row.requestedAt],
  ["completed_at", (row) => row.completedAt],
  ["actor_id", (row) => row.actorId],
  ["actor_name", (row) => row.actorName],
  ["action", (row) => row.action],
  ["account_id", (row) => row.accountId],
  ["region", (row) => row.region],
  ["instance_id", (row) => row.instanceId],
  ["status", (row) => row.status],
  // A row still "requested" was never completed: the process stopped between the audit write and
  // the end of the AWS call, so nobody knows whether AWS applied it.
  ["outcome", (row) => (row.status === "requested" ? "outcome unknown" : row.status)],
  ["before", (row) => json(row.before)],
  ["after", (row) => json(row.after)],
  ["aws_request_id", (row) => row.awsRequestId],
  ["error_code", (row) => row.errorCode],
  ["error_message", (row) => row.errorMessage],
  ["undo_of", (row) => row.undoOf],
  ["undone_by", (row) => row.undoneBy],
];

/** The whole filtered audit trail as CSV, newest first, streamed a page at a time. */
export function streamAuditCsv(db: Db, filters: Omit<AuditQuery, "limit" | "cursor">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = iterateAuditEntries(db, filters);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(AUDIT_CSV_COLUMNS.map(([header]) => header))));
        return;
      }
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvRow(AUDIT_CSV_COLUMNS.map(([, value]) => value(next.value)))));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
