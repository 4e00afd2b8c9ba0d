import { countInstances, listInstances } from "@/lib/db/instance-list";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";
import { InstanceListQuery, searchParamsObject, toFilters } from "./list-query";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = InstanceListQuery.parse(searchParamsObject(request.url));
  const runtime = await getRuntime();
  const db = runtime.collector.db.raw;
  const filters = toFilters(query);
  const [page, total] = await Promise.all([
    listInstances(db, {
      filters,
      sort: query.sort,
      dir: query.dir,
      limit: query.limit,
      cursor: query.cursor ?? null,
      now: Date.now(),
      windowDays: runtime.collector.settings.readinessWindowDays,
    }),
    countInstances(db, filters),
  ]);
  return Response.json({ ...page, total });
});
