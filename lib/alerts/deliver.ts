import { runPool } from "@/lib/collector/pool";
import type { Database } from "@/lib/db/client";
import { claimDueDeliveries, recordAttempt, type AttemptOutcome, type DueDelivery } from "@/lib/db/webhooks";
import { isRetryable, nextRetryDelay, SIGNATURE_HEADER, signPayload } from "@/lib/domain/alerts";
import type { AlertSettings } from "./settings";

// Webhook delivery: one signed POST per attempt, recorded in the delivery log; network errors,
// 5xx and 429 are retried after the configured delays, anything else ends the delivery.

const USER_AGENT = "imds-dashboard-webhook/1";
/** Deliveries attempted at once. */
const CONCURRENCY = 4;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "Timeout: no answer in time";
    // safe because undici puts the system error (ECONNREFUSED, ENOTFOUND, ...) on cause
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === "string" ? cause.code : error.name;
    const message = typeof cause?.message === "string" ? cause.message : error.message;
    return `${code}: ${message}`;
  }
  return String(error);
}

/** One attempt of one delivery: POST, then what the log records and what happens next. */
export async function attemptDelivery(
  delivery: DueDelivery,
  settings: Pick<AlertSettings, "retryDelaysMs" | "timeoutMs">,
): Promise<AttemptOutcome> {
  const attempt = delivery.attempts + 1;
  const body = JSON.stringify(delivery.payload);
  const startedAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        [SIGNATURE_HEADER]: signPayload(delivery.secret, body, Math.floor(startedAt.getTime() / 1000)),
        "X-IMDS-Delivery": delivery.id,
        "X-IMDS-Attempt": String(attempt),
      },
      body,
      // A redirect is not followed: the signature and the approved URL belong together.
      redirect: "manual",
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    statusCode = response.status;
    const text = await response.text().catch((cause: unknown) => `(body unreadable: ${String(cause)})`);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}${text ? `: ${text.slice(0, 200)}` : ""}`;
  } catch (cause) {
    error = describeError(cause);
  }
  const durationMs = Date.now() - startedAt.getTime();
  if (error === null) {
    return {
      deliveryId: delivery.id,
      attempt,
      startedAt,
      durationMs,
      statusCode,
      error,
      status: "delivered",
      nextRetryAt: null,
    };
  }
  const delay = isRetryable(statusCode) ? nextRetryDelay(attempt, settings.retryDelaysMs) : null;
  return {
    deliveryId: delivery.id,
    attempt,
    startedAt,
    durationMs,
    statusCode,
    error,
    status: delay === null ? "failed" : "pending",
    nextRetryAt: delay === null ? null : new Date(Date.now() + delay),
  };
}

/**
 * Attempts every delivery due now (wall clock), a few at a time, and records each attempt.
 * Returns how many were attempted. Errors of one delivery never stop the others.
 */
export async function deliverDue(
  db: Database,
  settings: Pick<AlertSettings, "retryDelaysMs" | "timeoutMs">,
): Promise<number> {
  const due = await claimDueDeliveries(db.raw, new Date(), settings.timeoutMs + 30_000);
  await runPool(due, CONCURRENCY, async (delivery) => {
    try {
      await recordAttempt(db.prisma, await attemptDelivery(delivery, settings));
    } catch (error) {
      // The lease makes it due again later; the cause belongs in the log.
      console.error(`[alerts] recording webhook delivery ${delivery.id} failed:`, error);
    }
  });
  return due.length;
}

// safe because only this module reads or writes this globalThis slot (kept there to survive dev reloads)
const loops = globalThis as unknown as { __imdsDeliveryLoop?: NodeJS.Timeout };

/**
 * Retries (and any delivery left due) in the server process: polls every `intervalMs`. One loop
 * per process, like the collection schedule. Returns a stop function.
 */
export function startDeliveryLoop(
  db: Database,
  settings: Pick<AlertSettings, "retryDelaysMs" | "timeoutMs">,
  intervalMs = 5_000,
): () => void {
  if (loops.__imdsDeliveryLoop) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDue(db, settings)
      .catch((error: unknown) => console.error("[alerts] webhook delivery loop:", error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  loops.__imdsDeliveryLoop = timer;
  return () => {
    clearInterval(timer);
    if (loops.__imdsDeliveryLoop === timer) loops.__imdsDeliveryLoop = undefined;
  };
}
