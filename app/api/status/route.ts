import { getStatus } from "@/lib/collector/get-status";
import { cachedJsonResponse, readKey } from "@/lib/http/read-cache";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const runtime = await getRuntime();
  return cachedJsonResponse(runtime.reads, readKey("status"), () => getStatus(runtime));
});
