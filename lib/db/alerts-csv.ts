import { csvRow, type CsvValue } from "@/lib/csv";
import { iterateAlerts, type AlertFilters, type AlertRecord } from "./alerts";
import type { Db } from "./types";

export const ALERT_CSV_COLUMNS: readonly [string, (row: AlertRecord) => CsvValue][] = [
  ["id", (row) => row.id],
  ["key", (row) => row.key],
  ["type", (row) => row.type],
  ["severity", (row) => row.severity],
  ["state", (row) => row.state],
  ["title", (row) => row.title],
  ["summary", (row) => (typeof row.detail.summary === "string" ? row.detail.summary : null)],
  ["account_id", (row) => row.accountId],
  ["region", (row) => row.region],
  ["instance_id", (row) => row.instanceId],
  ["team", (row) => row.team],
  ["opened_at", (row) => row.openedAt],
  ["run_id", (row) => row.runId],
  ["last_seen_at", (row) => row.lastSeenAt],
  ["resolved_at", (row) => row.resolvedAt],
  ["acknowledged_at", (row) => row.acknowledgedAt],
  ["acknowledged_by", (row) => row.acknowledgedByName],
];

/** The whole filtered alert history as CSV, newest first, streamed a page at a time. */
export function streamAlertsCsv(db: Db, filters: AlertFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = iterateAlerts(db, filters);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(ALERT_CSV_COLUMNS.map(([header]) => header))));
        return;
      }
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvRow(ALERT_CSV_COLUMNS.map(([, value]) => value(next.value)))));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
