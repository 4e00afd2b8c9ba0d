import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  acknowledgeAlerts as acknowledgeInDatabase,
  getAlert,
  type AcknowledgedAlerts,
  type AlertRecord,
} from "@/lib/db/write/alerts";
import { requireRole } from "@/lib/core/actor";
import type { AlertActionContext } from "./context";

const alertId = z.string({ error: "must be an alert id" }).regex(/^\d{1,18}$/, { error: "must be an alert id" });

export const AcknowledgeAlertInput = z.object({ alertId });
export type AcknowledgeAlertInput = z.infer<typeof AcknowledgeAlertInput>;

/** At most a page of alerts (the list's largest page) per request. */
export const MAX_ALERTS_PER_ACKNOWLEDGE = 500;

export const AcknowledgeAlertsInput = z
  .object({
    alertIds: z
      .array(alertId, { error: "must be a list of alert ids" })
      .min(1, { error: "choose at least one alert" })
      .max(MAX_ALERTS_PER_ACKNOWLEDGE, { error: `at most ${MAX_ALERTS_PER_ACKNOWLEDGE} alerts at once` }),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.alertIds.forEach((id, index) => {
      // Refinements run even when an id failed its own check: only well-formed ids are compared.
      if (!/^\d{1,18}$/.test(id)) return;
      const key = BigInt(id).toString();
      if (seen.has(key))
        ctx.addIssue({ code: "custom", path: ["alertIds", index], message: `alert ${id} is listed twice` });
      seen.add(key);
    });
  });
export type AcknowledgeAlertsInput = z.infer<typeof AcknowledgeAlertsInput>;

const by = (ctx: AlertActionContext) => ({
  id: ctx.actor.id,
  name: ctx.actor.name,
  at: new Date((ctx.now ?? Date.now)()),
  changeId: randomUUID(),
});

/**
 * POST /api/alerts/{id}/acknowledge: records who acknowledged and when (audited); 404 when there
 * is no such alert. Acknowledging a drift alert also accepts the observed defaults as the expected
 * ones, so the drift resolves on the next evaluation and a later change fires again.
 */
export async function acknowledgeAlert({
  ctx,
  input,
}: {
  ctx: AlertActionContext;
  input: unknown;
}): Promise<AlertRecord> {
  const { alertId } = AcknowledgeAlertInput.parse(input);
  requireRole(ctx.actor, "operator");
  await getAlert(ctx.db.prisma, alertId);
  const result = await acknowledgeInDatabase(ctx.db.prisma, [alertId], by(ctx), () => "alertId");
  return (result.acknowledged[0] ?? result.already[0])!;
}

/**
 * POST /api/alerts/acknowledge: acknowledges many alerts at once, all or nothing, each audited as
 * a single acknowledgement is (one change id for the lot); 422 naming the first id that is no alert.
 */
export async function acknowledgeAlerts({
  ctx,
  input,
}: {
  ctx: AlertActionContext;
  input: unknown;
}): Promise<AcknowledgedAlerts> {
  const { alertIds } = AcknowledgeAlertsInput.parse(input);
  requireRole(ctx.actor, "operator");
  return acknowledgeInDatabase(ctx.db.prisma, alertIds, by(ctx), (index) => `alertIds[${index}]`);
}
