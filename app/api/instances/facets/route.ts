import { listInstanceFacets } from "@/lib/db/instance-list";
import { cachedJsonResponse, readKey } from "@/lib/http/read-cache";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** The accounts, regions, teams and states the instance filters offer. */
export const GET = route(async () => {
  const runtime = await getRuntime();
  return cachedJsonResponse(runtime.reads, readKey("instance-facets"), () =>
    listInstanceFacets(runtime.collector.db.raw),
  );
});
