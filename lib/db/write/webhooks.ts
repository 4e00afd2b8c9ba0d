import type { Prisma } from "@/lib/db/generated/client";
import { maskWebhookUrl } from "@/lib/domain/webhook-url";
import type { Db, Queryable } from "@/lib/db/conn/types";

// Webhooks, the deliveries of alerts to them and the log of every attempt. The secret and the full
// URL (a credential for Slack and Teams) leave this module only towards the sender (claimDueDeliveries);
// records for display carry the URL masked, and the secret is shown once, by its creator.

export interface WebhookRecord {
  id: string;
  name: string;
  /** `https://hooks.slack.com/…a1B2`: never the full URL. */
  maskedUrl: string;
  team: string | null;
  enabled: boolean;
  createdAt: string;
  createdById: string;
  createdByName: string;
  /** The last attempt of any delivery to it, for the page's "last delivery" column. */
  lastAttempt: { at: string; statusCode: number | null; error: string | null } | null;
}

type WebhookRow = {
  id: string;
  name: string;
  url: string;
  team: string | null;
  enabled: boolean;
  createdAt: Date;
  createdById: string;
  createdByName: string;
};

function toRecord(row: WebhookRow, lastAttempt: WebhookRecord["lastAttempt"]): WebhookRecord {
  return {
    id: row.id,
    name: row.name,
    maskedUrl: maskWebhookUrl(row.url),
    team: row.team,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    createdById: row.createdById,
    createdByName: row.createdByName,
    lastAttempt,
  };
}

/** Stores a new webhook and returns it as the list shows it (no attempt yet). */
export async function insertWebhook(
  db: Db,
  webhook: Omit<WebhookRow, "enabled"> & { secret: string },
): Promise<WebhookRecord> {
  return toRecord(await db.webhook.create({ data: webhook }), null);
}

export async function listWebhooks(db: Db): Promise<WebhookRecord[]> {
  const rows = await db.webhook.findMany({ orderBy: { createdAt: "asc" } });
  const last = await db.$queryRawUnsafe<
    { webhookId: string; at: Date; statusCode: number | null; error: string | null }[]
  >(
    `SELECT DISTINCT ON (d.webhook_id) d.webhook_id AS "webhookId", a.started_at AS at, a.status_code AS "statusCode", a.error
     FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
     ORDER BY d.webhook_id, a.id DESC`,
  );
  const byId = new Map(last.map((row) => [row.webhookId, row]));
  return rows.map((row) => {
    const attempt = byId.get(row.id);
    return toRecord(
      row,
      attempt ? { at: attempt.at.toISOString(), statusCode: attempt.statusCode, error: attempt.error } : null,
    );
  });
}

export async function findWebhook(db: Db, id: string) {
  return db.webhook.findUnique({
    where: { id },
    select: { id: true, name: true, url: true, team: true, enabled: true },
  });
}

export async function deleteWebhookRow(db: Db, id: string): Promise<boolean> {
  const result = await db.webhook.deleteMany({ where: { id } });
  return result.count > 0;
}

export async function setWebhookEnabled(db: Db, id: string, enabled: boolean): Promise<boolean> {
  const result = await db.webhook.updateMany({ where: { id }, data: { enabled } });
  return result.count > 0;
}

/** The enabled webhooks an alert goes to: every alert, or only its team's (team tag match). */
/** Enabled webhooks and their team (null = every alert), read once per evaluation. */
export async function listEnabledWebhooks(db: Db): Promise<{ id: string; team: string | null }[]> {
  return db.webhook.findMany({ where: { enabled: true }, select: { id: true, team: true } });
}

/** Queues deliveries (first attempt due now); an alert is queued to a webhook at most once. */
export async function createDeliveries(
  db: Db,
  deliveries: readonly { webhookId: string; alertId: string; payload: object }[],
  now: Date,
): Promise<void> {
  for (let start = 0; start < deliveries.length; start += 1000) {
    await db.webhookDelivery.createMany({
      data: deliveries.slice(start, start + 1000).map((delivery) => ({
        webhookId: delivery.webhookId,
        alertId: BigInt(delivery.alertId),
        // safe because payloads are plain JSON built from strings, numbers and records (buildPayload)
        payload: delivery.payload as Prisma.InputJsonValue,
        status: "pending",
        nextAttemptAt: now,
        createdAt: now,
      })),
      skipDuplicates: true,
    });
  }
}

export interface DueDelivery {
  id: string;
  attempts: number;
  payload: unknown;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries by pushing their next attempt `leaseMs` ahead: another loop (or process)
 * skips them, and a process that dies mid-attempt leaves them due again after the lease.
 */
export async function claimDueDeliveries(
  db: Queryable,
  now: Date,
  leaseMs: number,
  limit = 20,
): Promise<DueDelivery[]> {
  const { rows } = await db.query<{ id: string; attempts: number; payload: unknown; url: string; secret: string }>(
    `WITH due AS (
       SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_delivery d SET next_attempt_at = $2 FROM due, webhook w
     WHERE d.id = due.id AND w.id = d.webhook_id
     RETURNING d.id::text AS id, d.attempts, d.payload, w.url, w.secret`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows;
}

export interface AttemptOutcome {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** delivered, pending (retry at nextRetryAt) or failed (no more attempts). */
  status: "delivered" | "pending" | "failed";
  nextRetryAt: Date | null;
}

export async function recordAttempt(db: Db, outcome: AttemptOutcome): Promise<void> {
  await db.$transaction([
    db.webhookAttempt.create({
      data: {
        deliveryId: BigInt(outcome.deliveryId),
        attempt: outcome.attempt,
        startedAt: outcome.startedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        nextRetryAt: outcome.nextRetryAt,
      },
    }),
    db.webhookDelivery.update({
      where: { id: BigInt(outcome.deliveryId) },
      data: {
        attempts: outcome.attempt,
        status: outcome.status,
        nextAttemptAt: outcome.nextRetryAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        completedAt: outcome.status === "pending" ? null : new Date(outcome.startedAt.getTime() + outcome.durationMs),
      },
    }),
  ]);
}

export interface DeliveryLogEntry {
  id: string;
  deliveryId: string;
  webhookId: string;
  webhookName: string;
  alertId: string;
  alertTitle: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  nextRetryAt: string | null;
  /** The delivery's status now (pending, delivered, failed). */
  deliveryStatus: string;
}

/** The newest attempts first, optionally for one alert or one webhook. */
export async function listDeliveryLog(
  db: Db,
  filter: { alertId?: string | null; webhookId?: string | null; limit: number },
): Promise<DeliveryLogEntry[]> {
  const rows = await db.webhookAttempt.findMany({
    where: {
      delivery: {
        ...(filter.alertId ? { alertId: BigInt(filter.alertId) } : {}),
        ...(filter.webhookId ? { webhookId: filter.webhookId } : {}),
      },
    },
    include: { delivery: { include: { webhook: { select: { name: true } }, alert: { select: { title: true } } } } },
    orderBy: { id: "desc" },
    take: filter.limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    deliveryId: row.deliveryId.toString(),
    webhookId: row.delivery.webhookId,
    webhookName: row.delivery.webhook.name,
    alertId: row.delivery.alertId.toString(),
    alertTitle: row.delivery.alert.title,
    attempt: row.attempt,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    error: row.error,
    nextRetryAt: row.nextRetryAt?.toISOString() ?? null,
    deliveryStatus: row.delivery.status,
  }));
}
