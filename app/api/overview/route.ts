import { getOverview } from "@/lib/db/read/overview";
import { OverviewQuery } from "@/lib/contracts/overview-query";
import { cachedJsonResponse, readKey } from "@/lib/core/read-cache";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = OverviewQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  return cachedJsonResponse(app.reads, readKey("overview", query), () =>
    getOverview(app.db.prisma, query, { windowDays: app.settings.readinessWindowDays }),
  );
});
