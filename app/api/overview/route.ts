import { getOverview, OverviewQuery } from "@/lib/db/overview";
import { cachedJsonResponse, readKey } from "@/lib/http/read-cache";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = OverviewQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  await requireKnownRegions(runtime, query.region);
  return cachedJsonResponse(runtime.reads, readKey("overview", query), () =>
    getOverview(runtime.collector.db.prisma, query, { windowDays: runtime.collector.settings.readinessWindowDays }),
  );
});
