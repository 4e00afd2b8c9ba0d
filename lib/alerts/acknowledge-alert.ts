import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getAlert, markAcknowledged, saveBaseline, type AlertRecord } from "@/lib/db/alerts";
import { completeAuditEntry, createAuditEntry } from "@/lib/db/audit";
import { snapshotFromJson } from "@/lib/domain/region-defaults";
import { requireRole } from "@/lib/http/actor";
import type { AlertActionContext } from "./context";

export const AcknowledgeAlertInput = z.object({
  alertId: z.string().regex(/^\d{1,18}$/, { error: "must be an alert id" }),
});
export type AcknowledgeAlertInput = z.infer<typeof AcknowledgeAlertInput>;

/**
 * POST /api/alerts/{id}/acknowledge: records who acknowledged and when (audited). Acknowledging a
 * drift alert also accepts the observed defaults as the expected ones, so the drift resolves on
 * the next evaluation and a later change fires again.
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
  const at = new Date((ctx.now ?? Date.now)());
  const before = await getAlert(ctx.db.prisma, alertId);
  if (before.acknowledgedAt !== null) return before;
  const entry = await createAuditEntry(ctx.db.prisma, {
    changeId: randomUUID(),
    requestedAt: at,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: "alert.acknowledge",
    accountId: before.accountId ?? "",
    region: before.region ?? "",
    instanceId: before.instanceId,
    before: { alert: before.id, key: before.key, acknowledged: false },
    after: { alert: before.id, key: before.key, acknowledged: true },
  });
  const alert = await markAcknowledged(ctx.db.prisma, alertId, { id: ctx.actor.id, name: ctx.actor.name, at });
  if (alert.type === "drift" && alert.state === "open" && alert.accountId && alert.region) {
    const observed = snapshotFromJson(alert.detail.observed);
    const cell = { accountId: alert.accountId, region: alert.region };
    await saveBaseline(ctx.db.raw, cell, { defaults: observed, source: "accepted", auditId: entry.id, setAt: at });
  }
  await completeAuditEntry(ctx.db.prisma, entry.id, {
    status: "succeeded",
    completedAt: new Date((ctx.now ?? Date.now)()),
  });
  return alert;
}
