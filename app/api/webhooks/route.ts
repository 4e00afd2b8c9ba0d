import { createWebhook } from "@/lib/alerts/manage-webhooks";
import { listWebhooks } from "@/lib/db/webhooks";
import { mutation, readJson, route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const runtime = await getRuntime();
  return Response.json(
    { webhooks: await listWebhooks(runtime.collector.db.prisma) },
    { headers: { "cache-control": "no-store" } },
  );
});

/** 201 with the webhook and its signing secret: the only time the secret is shown. */
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const runtime = await getRuntime();
  return Response.json(await createWebhook({ ctx: { db: runtime.collector.db, actor }, input }), { status: 201 });
});
