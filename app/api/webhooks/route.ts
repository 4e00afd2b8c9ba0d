import { createWebhook, listWebhooksFor } from "@/lib/alerts/manage-webhooks";
import { mutation, readJson, route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/** Operators and admins only (a viewer gets 403); URLs masked. */
export const GET = route(async (_request, { actor }) => {
  const app = await getAppContext();
  return Response.json(
    { webhooks: await listWebhooksFor({ ctx: { db: app.db, actor } }) },
    { headers: { "cache-control": "no-store" } },
  );
});

/** 201 with the webhook (URL masked) and its signing secret: the only time the secret is shown. */
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const app = await getAppContext();
  return Response.json(await createWebhook({ ctx: { db: app.db, actor }, input }), { status: 201 });
});
