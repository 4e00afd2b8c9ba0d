import { AlertsQuery } from "@/lib/db/alerts";
import { streamAlertsCsv } from "@/lib/db/alerts-csv";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// The page's paging parameters are accepted (a copied link works) and ignored: the whole filtered set.
export const GET = route(async (request) => {
  const {
    limit: _limit,
    cursor: _cursor,
    ...filters
  } = AlertsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  return new Response(streamAlertsCsv(runtime.collector.db.prisma, filters), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="alerts.csv"`,
      "cache-control": "no-store",
    },
  });
});
