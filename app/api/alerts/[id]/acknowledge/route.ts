import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { mutation } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const app = await getAppContext();
  const alert = await acknowledgeAlert({ ctx: { db: app.db, actor }, input: { alertId: params.id } });
  return Response.json({ alert });
});
