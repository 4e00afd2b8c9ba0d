import { cachedJsonResponse, readKey } from "@/lib/http/read-cache";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getRuntime } from "@/lib/runtime";
import { getInstancePageReply } from "./instance-page-reply";
import { InstanceListQuery, searchParamsObject } from "@/lib/db/instance-list-query";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = InstanceListQuery.parse(searchParamsObject(request.url));
  const runtime = await getRuntime();
  await requireKnownRegions(runtime, query.region);
  return cachedJsonResponse(runtime.reads, readKey("instances", query), () => getInstancePageReply(runtime, query));
});
