import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { completeAuditEntry, createAuditEntry } from "@/lib/db/write/audit";
import {
  deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listWebhooks,
  setWebhookEnabled,
  type WebhookRecord,
} from "@/lib/db/write/webhooks";
import { forbiddenTargetReason, ipLiteralHost, maskWebhookUrl } from "@/lib/domain/webhook-url";
import { requireRole, type Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import type { AlertActionContext } from "./context";
import { assertAllowedWebhookHost, systemResolveHost } from "./webhook-target";

// Webhooks are managed by operators and admins. Only http(s) URLs are accepted; loopback and
// private addresses are allowed on purpose (a receiver beside the dashboard, and the tests), the
// instance metadata ranges never. A URL is a credential: it is written, never read back in full.

export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an http:// or https:// URL" });
      return;
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") {
      ctx.addIssue({ code: "custom", message: "must be an http:// or https:// URL" });
      return;
    }
    // URL parsing has normalised decimal, hex and octal IPv4 spellings to dotted quads already.
    const literal = ipLiteralHost(url);
    const reason = literal ? forbiddenTargetReason(literal) : null;
    if (reason) ctx.addIssue({ code: "custom", message: `refused, ${literal} is in ${reason}` });
  });

export const CreateWebhookInput = z.object({
  name: z.string().trim().min(1, { error: "is required" }).max(100),
  url: WebhookUrl,
  team: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((value) => value || null),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export const WebhookIdInput = z.object({ id: z.uuid({ error: "must be a webhook id" }) });
export const SetWebhookEnabledInput = WebhookIdInput.extend({ enabled: z.boolean({ error: "must be true or false" }) });

const audit = async (
  ctx: AlertActionContext,
  action: "webhook.create" | "webhook.delete",
  before: object | null,
  after: object | null,
) => {
  const now = () => new Date((ctx.now ?? Date.now)());
  const entry = await createAuditEntry(ctx.db.prisma, {
    changeId: randomUUID(),
    requestedAt: now(),
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action,
    accountId: "",
    region: "",
    before: before ? { ...before } : null,
    after: after ? { ...after } : null,
  });
  return () => completeAuditEntry(ctx.db.prisma, entry.id, { status: "succeeded", completedAt: now() });
};

/** GET /api/webhooks: operators and admins only; URLs masked, secrets never. */
export async function listWebhooksFor({ ctx }: { ctx: { db: AlertActionContext["db"]; actor: Actor } }) {
  requireRole(ctx.actor, "operator");
  return listWebhooks(ctx.db.prisma);
}

/**
 * POST /api/webhooks: the reply carries the signing secret, the only time it is shown, and the URL
 * masked like everywhere else.
 */
export async function createWebhook({
  ctx,
  input,
}: {
  ctx: AlertActionContext;
  input: unknown;
}): Promise<{ webhook: WebhookRecord; secret: string }> {
  const parsed = CreateWebhookInput.parse(input);
  requireRole(ctx.actor, "operator");
  await assertAllowedWebhookHost(new URL(parsed.url), ctx.resolveHost ?? systemResolveHost);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const done = await audit(ctx, "webhook.create", null, {
    id,
    name: parsed.name,
    url: maskWebhookUrl(parsed.url),
    team: parsed.team,
  });
  const webhook = await insertWebhook(ctx.db.prisma, {
    id,
    ...parsed,
    secret,
    createdAt: new Date((ctx.now ?? Date.now)()),
    createdById: ctx.actor.id,
    createdByName: ctx.actor.name,
  });
  await done();
  return { webhook, secret };
}

/** DELETE /api/webhooks/{id}: removes it with its delivery log. */
export async function deleteWebhook({ ctx, input }: { ctx: AlertActionContext; input: unknown }): Promise<void> {
  const { id } = WebhookIdInput.parse(input);
  requireRole(ctx.actor, "operator");
  const existing = await findWebhook(ctx.db.prisma, id);
  if (!existing) throw new AppError("NotFound", `Webhook ${id} does not exist`);
  const done = await audit(ctx, "webhook.delete", { ...existing, url: maskWebhookUrl(existing.url) }, null);
  await deleteWebhookRow(ctx.db.prisma, id);
  await done();
}

/** PATCH /api/webhooks/{id}: pause or resume deliveries (new alerts only). */
export async function setWebhookEnabledAction({
  ctx,
  input,
}: {
  ctx: AlertActionContext;
  input: unknown;
}): Promise<void> {
  const { id, enabled } = SetWebhookEnabledInput.parse(input);
  requireRole(ctx.actor, "operator");
  if (!(await setWebhookEnabled(ctx.db.prisma, id, enabled)))
    throw new AppError("NotFound", `Webhook ${id} does not exist`);
}
