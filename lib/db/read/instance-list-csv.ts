import { csvRow, type CsvColumn } from "@/lib/contracts/csv";
import {
  listInstances,
  withoutJit,
  type InstanceListFilters,
  type InstancePage,
  type InstanceListRow,
  type InstanceSort,
  type SortDirection,
  type TemplateVersionPolicy,
} from "./instance-list";
import type { RawSql } from "@/lib/db/conn/client";

// The instances CSV: the table's columns, one plain value per cell (empty = no data), streamed a
// keyset page at a time so the whole filtered fleet never sits in memory.

const templateVersion = (row: InstanceListRow) =>
  row.launchTemplate
    ? `${row.launchTemplate.name ?? row.launchTemplate.id} v${row.launchTemplate.version ?? "?"}`
    : null;
const allowsV1 = (policy: TemplateVersionPolicy | null | undefined) =>
  policy ? (policy.allowsV1 ? "allows v1" : "v2 only") : null;

export const INSTANCE_CSV_COLUMNS: readonly CsvColumn<InstanceListRow>[] = [
  { header: "instance_id", value: (row) => row.id },
  { header: "name", value: (row) => row.name },
  { header: "account_id", value: (row) => row.accountId },
  { header: "account_name", value: (row) => row.accountName },
  { header: "region", value: (row) => row.region },
  { header: "state", value: (row) => row.state },
  { header: "team", value: (row) => row.team },
  { header: "http_tokens", value: (row) => row.httpTokens },
  { header: "metadata_state", value: (row) => row.metadataState },
  { header: "readiness", value: (row) => row.readiness },
  { header: "readiness_reason", value: (row) => row.readinessReason },
  { header: "v1_calls_7d", value: (row) => row.v1Calls7d },
  { header: "v1_calls_30d", value: (row) => row.v1Calls30d },
  { header: "rejected_calls_7d", value: (row) => row.rejected7d },
  { header: "image_id", value: (row) => row.imageId },
  { header: "ami_imds_support", value: (row) => row.imdsSupport },
  { header: "launch_template", value: templateVersion },
  { header: "template_default_version", value: (row) => row.launchTemplate?.defaultVersion?.versionNumber },
  { header: "template_default_v1", value: (row) => allowsV1(row.launchTemplate?.defaultVersion) },
  { header: "template_latest_version", value: (row) => row.launchTemplate?.latestVersion?.versionNumber },
  { header: "template_latest_v1", value: (row) => allowsV1(row.launchTemplate?.latestVersion) },
  { header: "launch_time", value: (row) => row.launchTime },
];

export interface InstancesCsvInput {
  filters: InstanceListFilters;
  sort: InstanceSort;
  dir: SortDirection;
  now: number;
  windowDays?: number;
  /** Rows per database round trip. Default 1000. */
  pageSize?: number;
}

/**
 * The filtered instances as CSV text chunks: the header, then one chunk per keyset page. The first
 * page is read before returning, so a bad request fails as an error rather than a broken download.
 */
export async function streamInstancesCsv(db: RawSql, input: InstancesCsvInput): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const pageSize = input.pageSize ?? 1000;
  const read = (cursor: string | null) =>
    withoutJit(db, (tx) =>
      listInstances(tx, {
        filters: input.filters,
        sort: input.sort,
        dir: input.dir,
        limit: pageSize,
        cursor,
        now: input.now,
        windowDays: input.windowDays,
      }),
    );
  const toText = (rows: InstanceListRow[]) =>
    rows.map((row) => csvRow(INSTANCE_CSV_COLUMNS.map((column) => column.value(row)))).join("");

  const first = await read(null);
  let cursor = first.nextCursor;
  let sentFirst = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(
          encoder.encode(csvRow(INSTANCE_CSV_COLUMNS.map((column) => column.header)) + toText(first.rows)),
        );
        if (!cursor) controller.close();
        return;
      }
      if (!cursor) {
        controller.close();
        return;
      }
      let page: InstancePage;
      try {
        page = await read(cursor);
      } catch (error) {
        // The status line is already sent: the log is the only place this failure can be reported.
        console.error("[instances] CSV export failed after the first page; the download is truncated:", error);
        throw error;
      }
      cursor = page.nextCursor;
      if (page.rows.length > 0) controller.enqueue(encoder.encode(toText(page.rows)));
      if (!cursor) controller.close();
    },
  });
}
