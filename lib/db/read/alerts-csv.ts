import { csvStream, type CsvColumn } from "@/lib/contracts/csv";
import { iterateAlerts, type AlertFilters, type AlertRecord } from "@/lib/db/write/alerts";
import type { Db } from "@/lib/db/conn/types";

export const ALERT_CSV_COLUMNS: readonly CsvColumn<AlertRecord>[] = [
  { header: "id", value: (row) => row.id },
  { header: "key", value: (row) => row.key },
  { header: "type", value: (row) => row.type },
  { header: "severity", value: (row) => row.severity },
  { header: "state", value: (row) => row.state },
  { header: "title", value: (row) => row.title },
  { header: "summary", value: (row) => (typeof row.detail.summary === "string" ? row.detail.summary : null) },
  { header: "account_id", value: (row) => row.accountId },
  { header: "region", value: (row) => row.region },
  { header: "instance_id", value: (row) => row.instanceId },
  { header: "team", value: (row) => row.team },
  { header: "opened_at", value: (row) => row.openedAt },
  { header: "run_id", value: (row) => row.runId },
  { header: "last_seen_at", value: (row) => row.lastSeenAt },
  { header: "resolved_at", value: (row) => row.resolvedAt },
  { header: "acknowledged_at", value: (row) => row.acknowledgedAt },
  { header: "acknowledged_by", value: (row) => row.acknowledgedByName },
];

/** The whole filtered alert history as CSV, newest first, streamed a page at a time. */
export function streamAlertsCsv(db: Db, filters: AlertFilters): ReadableStream<Uint8Array> {
  return csvStream(iterateAlerts(db, filters), ALERT_CSV_COLUMNS);
}
