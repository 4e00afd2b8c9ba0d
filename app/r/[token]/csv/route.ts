import { toCsv } from "@/lib/contracts/csv";
import { AppError } from "@/lib/core/app-error";
import { csvResponse } from "@/lib/http/csv-response";
import { publicRoute } from "@/lib/http/route";
import { getLiveReport } from "@/lib/reports/open-report";
import type { Cell } from "@/lib/contracts/report-snapshot";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/** One table of a shared report as CSV: the snapshot's rows, never live data. */
export const GET = publicRoute<{ token: string }>(async (request, { params }) => {
  const app = await getAppContext();
  const opened = await getLiveReport(app.db.prisma, params.token);
  const tableId = new URL(request.url).searchParams.get("table");
  const table = opened.snapshot.tables.find((candidate) => candidate.id === tableId);
  if (!table) {
    const known = opened.snapshot.tables.map((candidate) => candidate.id).join(", ");
    throw new AppError("NotFound", `table: this report has no table "${tableId ?? ""}"; it has ${known}.`);
  }
  const csv = toCsv(
    table.rows,
    table.columns.map((column, index) => ({ header: column.key, value: (row: Cell[]) => row[index] ?? null })),
  );
  const slug = `${opened.snapshot.view}-${table.id}-${opened.snapshot.capturedAt.slice(0, 10)}`;
  return csvResponse(csv, `report-${slug}.csv`, {
    "cache-control": "private, no-store",
    "referrer-policy": "no-referrer",
  });
});
