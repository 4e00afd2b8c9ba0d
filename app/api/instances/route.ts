import { cachedJsonResponse, readKey } from "@/lib/core/read-cache";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { getInstancePageReply } from "@/lib/db/read/instance-page-reply";
import { InstanceListQuery, searchParamsObject } from "@/lib/db/read/instance-list-query";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = InstanceListQuery.parse(searchParamsObject(request.url));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  return cachedJsonResponse(app.reads, readKey("instances", query), () => getInstancePageReply(app, query));
});
