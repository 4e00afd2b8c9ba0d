import { z } from "zod";
import { INSTANCE_SORTS, SORT_DIRECTIONS } from "@/lib/db/read/instance-list";
import { DEFAULT_INSTANCE_SORT } from "@/lib/contracts/instance-list-options";
import { streamInstancesCsv } from "@/lib/db/read/instance-list-csv";
import { csvResponse } from "@/lib/http/csv-response";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { exportFilename, InstanceFiltersQuery, searchParamsObject, toFilters } from "@/lib/db/read/instance-list-query";

export const dynamic = "force-dynamic";

// The table's paging parameters are accepted (a link copied from the page works) and ignored:
// the export is the whole filtered set.
const ExportQuery = InstanceFiltersQuery.extend({
  sort: z.enum(INSTANCE_SORTS).default(DEFAULT_INSTANCE_SORT),
  dir: z.enum(SORT_DIRECTIONS).default("asc"),
  limit: z.string().optional(),
  cursor: z.string().optional(),
});

export const GET = route(async (request) => {
  const query = ExportQuery.parse(searchParamsObject(request.url));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  const stream = await streamInstancesCsv(app.db.raw, {
    filters: toFilters(query),
    sort: query.sort,
    dir: query.dir,
    now: Date.now(),
    windowDays: app.settings.readinessWindowDays,
  });
  return csvResponse(stream, exportFilename(query));
});
