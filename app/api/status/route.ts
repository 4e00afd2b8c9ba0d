import { getStatus } from "@/lib/collector/get-status";
import { cachedJsonResponse, readKey } from "@/lib/core/read-cache";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const app = await getAppContext();
  return cachedJsonResponse(app.reads, readKey("status"), () => getStatus(app));
});
