import { deleteWebhook, setWebhookEnabledAction } from "@/lib/alerts/manage-webhooks";
import { mutation, readJson } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** `{"enabled": false}` pauses deliveries of new alerts; true resumes them. */
export const PATCH = mutation<{ id: string }>(async (request, { params, actor }) => {
  const body = await readJson(request);
  const runtime = await getRuntime();
  const input = typeof body === "object" && body !== null ? { ...body, id: params.id } : { id: params.id };
  await setWebhookEnabledAction({ ctx: { db: runtime.collector.db, actor }, input });
  return Response.json({ ok: true });
});

export const DELETE = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const runtime = await getRuntime();
  await deleteWebhook({ ctx: { db: runtime.collector.db, actor }, input: { id: params.id } });
  return new Response(null, { status: 204 });
});
