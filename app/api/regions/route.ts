import { getRegionsView } from "@/lib/db/read/regions-view";
import { RegionsQuery } from "@/lib/contracts/regions-query";
import { cachedJsonResponse, readKey } from "@/lib/core/read-cache";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = RegionsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  return cachedJsonResponse(app.reads, readKey("regions", query), () => getRegionsView(app.db.prisma, query));
});
