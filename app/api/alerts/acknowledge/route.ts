import { acknowledgeAlerts } from "@/lib/alerts/acknowledge-alert";
import { mutation, readJson } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// Body: { "alertIds": ["12", "13"] }. All or nothing; 422 names the first id that is no alert.
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const runtime = await getRuntime();
  return Response.json(await acknowledgeAlerts({ ctx: { db: runtime.collector.db, actor }, input }));
});
