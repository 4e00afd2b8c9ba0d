import { AlertsQuery, listAlerts } from "@/lib/db/alerts";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// Not behind the read cache: acknowledging changes alerts between collections.
export const GET = route(async (request) => {
  const query = AlertsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  await requireKnownRegions(runtime, query.region);
  return Response.json(await listAlerts(runtime.collector.db.prisma, query), {
    headers: { "cache-control": "no-store" },
  });
});
