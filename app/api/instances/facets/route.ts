import { listInstanceFacets } from "@/lib/db/read/instance-list";
import { cachedJsonResponse, readKey } from "@/lib/core/read-cache";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/** The accounts, regions, teams and states the instance filters offer. */
export const GET = route(async () => {
  const app = await getAppContext();
  return cachedJsonResponse(app.reads, readKey("instance-facets"), () => listInstanceFacets(app.db.raw));
});
