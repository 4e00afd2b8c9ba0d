import { z } from "zod";
import { listDeliveryLog } from "@/lib/db/write/webhooks";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

const DeliveriesQuery = z.object({
  alert: z
    .string()
    .regex(/^\d{1,18}$/, { error: "must be an alert id" })
    .nullish(),
  webhook: z.uuid({ error: "must be a webhook id" }).nullish(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The webhook delivery log, newest attempt first. */
export const GET = route(async (request) => {
  const query = DeliveriesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  const attempts = await listDeliveryLog(app.db.prisma, {
    alertId: query.alert ?? null,
    webhookId: query.webhook ?? null,
    limit: query.limit,
  });
  return Response.json({ attempts }, { headers: { "cache-control": "no-store" } });
});
