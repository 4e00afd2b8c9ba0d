import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { mutation } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const runtime = await getRuntime();
  const alert = await acknowledgeAlert({ ctx: { db: runtime.collector.db, actor }, input: { alertId: params.id } });
  return Response.json({ alert });
});
