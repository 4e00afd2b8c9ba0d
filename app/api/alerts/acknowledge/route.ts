import { acknowledgeAlerts } from "@/lib/alerts/acknowledge-alert";
import { mutation, readJson } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// Body: { "alertIds": ["12", "13"] }. All or nothing; 422 names the first id that is no alert.
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const app = await getAppContext();
  return Response.json(await acknowledgeAlerts({ ctx: { db: app.db, actor }, input }));
});
