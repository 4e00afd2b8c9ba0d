import { deleteWebhook, setWebhookEnabledAction } from "@/lib/alerts/manage-webhooks";
import { mutation, readJson } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/** `{"enabled": false}` pauses deliveries of new alerts; true resumes them. */
export const PATCH = mutation<{ id: string }>(async (request, { params, actor }) => {
  const body = await readJson(request);
  const app = await getAppContext();
  const input = typeof body === "object" && body !== null ? { ...body, id: params.id } : { id: params.id };
  await setWebhookEnabledAction({ ctx: { db: app.db, actor }, input });
  return Response.json({ ok: true });
});

export const DELETE = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const app = await getAppContext();
  await deleteWebhook({ ctx: { db: app.db, actor }, input: { id: params.id } });
  return new Response(null, { status: 204 });
});
