import { AuditQuery } from "@/lib/contracts/audit-query";
import { streamAuditCsv } from "@/lib/db/read/audit-csv";
import { csvResponse } from "@/lib/http/csv-response";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// The page's paging parameters are accepted (a copied link works) and ignored: the whole filtered set.
export const GET = route(async (request) => {
  const {
    limit: _limit,
    cursor: _cursor,
    ...filters
  } = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  await requireKnownRegions(app, filters.region);
  return csvResponse(streamAuditCsv(app.db.prisma, filters), "audit.csv");
});
