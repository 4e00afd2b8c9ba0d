import { AlertsQuery, listAlerts } from "@/lib/db/write/alerts";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// Not behind the read cache: acknowledging changes alerts between collections.
export const GET = route(async (request) => {
  const query = AlertsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  return Response.json(await listAlerts(app.db.prisma, query), {
    headers: { "cache-control": "no-store" },
  });
});
