import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { runPool } from "@/lib/collector/pool";
import type { Database } from "@/lib/db/conn/client";
import { claimDueDeliveries, recordAttempt, type AttemptOutcome, type DueDelivery } from "@/lib/db/write/webhooks";
import { isRetryable, nextRetryDelay, SIGNATURE_HEADER, signPayload } from "@/lib/domain/alerts";
import { redactWebhookUrl } from "@/lib/domain/webhook-url";
import type { AlertSettings } from "./settings";
import {
  assertAllowedLiteralTarget,
  ForbiddenTargetError,
  guardedLookup,
  systemResolveHost,
  type ResolveHost,
} from "./webhook-target";
import { processSlot } from "@/lib/core/process-slot";

// Webhook delivery: one signed POST per attempt, recorded in the delivery log; network errors,
// 5xx and 429 are retried after the configured delays, anything else ends the delivery. A target
// in the instance metadata ranges is refused before connecting, and the refusal logged.

const USER_AGENT = "imds-dashboard-webhook/1";
/** Deliveries attempted at once. */
const CONCURRENCY = 4;
/** Enough of an error answer for the log. */
const MAX_ANSWER_BYTES = 4096;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "Timeout: no answer in time";
    // safe because Node's socket and DNS errors carry the system code (ECONNREFUSED, ENOTFOUND, ...)
    const code = (error as { code?: unknown }).code;
    return `${typeof code === "string" ? code : error.name}: ${error.message}`;
  }
  return String(error);
}

export interface DeliveryOptions {
  /** How the webhook's host is resolved at connection time (the system resolver by default). */
  resolveHost?: ResolveHost;
}

/**
 * One POST with node:http(s) rather than fetch: the connection's own name lookup is guarded, so
 * the address checked is the address connected to. Redirects are never followed (node:http does not).
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  resolveHost: ResolveHost,
): Promise<{ statusCode: number; text: string }> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(resolveHost),
        // A fresh connection per attempt: no pooled socket skips the guarded lookup.
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () =>
          resolve({ statusCode: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** One attempt of one delivery: POST, then what the log records and what happens next. */
export async function attemptDelivery(
  delivery: DueDelivery,
  settings: Pick<AlertSettings, "retryDelaysMs" | "timeoutMs">,
  options: DeliveryOptions = {},
): Promise<AttemptOutcome> {
  const attempt = delivery.attempts + 1;
  const body = JSON.stringify(delivery.payload);
  const startedAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const url = new URL(delivery.url);
    assertAllowedLiteralTarget(url);
    const answer = await post(
      url,
      {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        [SIGNATURE_HEADER]: signPayload(delivery.secret, body, Math.floor(startedAt.getTime() / 1000)),
        "X-IMDS-Delivery": delivery.id,
        "X-IMDS-Attempt": String(attempt),
      },
      body,
      settings.timeoutMs,
      options.resolveHost ?? systemResolveHost,
    );
    statusCode = answer.statusCode;
    const text = answer.text;
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}${text ? `: ${text.slice(0, 200)}` : ""}`;
  } catch (cause) {
    refused = cause instanceof ForbiddenTargetError;
    error = describeError(cause);
  }
  // The log is shown to viewers: never the URL, even when an error or an error page quotes it.
  if (error !== null) error = redactWebhookUrl(error, delivery.url);
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
  // A refused target is not retried: it stays refused however often it is asked.
  const delay = !refused && isRetryable(statusCode) ? nextRetryDelay(attempt, settings.retryDelaysMs) : null;
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
  options: DeliveryOptions = {},
): Promise<number> {
  const due = await claimDueDeliveries(db.raw, new Date(), settings.timeoutMs + 30_000);
  await runPool(due, CONCURRENCY, async (delivery) => {
    try {
      await recordAttempt(db.prisma, await attemptDelivery(delivery, settings, options));
    } catch (error) {
      // The lease makes it due again later; the cause belongs in the log.
      console.error(`[alerts] recording webhook delivery ${delivery.id} failed:`, error);
    }
  });
  return due.length;
}

const deliveryLoop = processSlot<NodeJS.Timeout>("webhook-delivery-loop");

/**
 * Retries (and any delivery left due) in the server process: polls every `intervalMs`. One loop
 * per process, like the collection schedule. Returns a stop function.
 */
export function startDeliveryLoop(
  db: Database,
  settings: Pick<AlertSettings, "retryDelaysMs" | "timeoutMs">,
  intervalMs = 5_000,
): () => void {
  if (deliveryLoop.value) return () => undefined;
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
  deliveryLoop.value = timer;
  return () => {
    clearInterval(timer);
    if (deliveryLoop.value === timer) deliveryLoop.value = undefined;
  };
}
