// Alert rules without I/O: condition keys, the open/fire/resolve decision, the webhook payload and
// its signature. lib/alerts gathers the conditions and stores the outcome.
import { createHmac, timingSafeEqual } from "node:crypto";

import type { AlertSeverity, AlertType } from "./alert-options";

export const alertKeys = {
  rejected: (instanceId: string) => `rejected:${instanceId}`,
  v1AfterDone: (instanceId: string) => `v1-after-done:${instanceId}`,
  drift: (accountId: string, region: string) => `drift:${accountId}/${region}`,
  runFailed: () => "run:failed",
  runUnit: (accountId: string, region: string) => `run:${accountId}/${region}`,
  /** Listing the account's regions failed (distinct from its home region's collection failing). */
  runDiscovery: (accountId: string) => `run:${accountId}/regions`,
};

/** A condition that holds after a run: what an alert for it says. */
export interface AlertCondition {
  key: string;
  type: AlertType;
  severity: AlertSeverity;
  accountId: string | null;
  region: string | null;
  instanceId: string | null;
  team: string | null;
  title: string;
  detail: Record<string, unknown>;
}

export interface OpenAlertRef {
  id: string;
  key: string;
}

export interface AlertDecision {
  /** Conditions with no open alert: a new alert each, delivered. */
  fire: AlertCondition[];
  /** Open alerts whose condition still holds: refreshed (last seen, detail), not delivered again. */
  keep: { alert: OpenAlertRef; condition: AlertCondition }[];
  /** Open alerts whose condition was evaluated and no longer holds. */
  resolve: OpenAlertRef[];
}

/**
 * Fires an alert only when its condition newly appears, keeps it while it holds, resolves it when
 * it clears. `inScope(key)` says whether this run could judge the condition at all (e.g. the
 * account-region was collected): an open alert outside the scope is left as it is.
 */
export function decideAlerts(
  conditions: readonly AlertCondition[],
  open: readonly OpenAlertRef[],
  inScope: (key: string) => boolean,
): AlertDecision {
  const openByKey = new Map(open.map((alert) => [alert.key, alert]));
  const seen = new Set<string>();
  const decision: AlertDecision = { fire: [], keep: [], resolve: [] };
  for (const condition of conditions) {
    if (seen.has(condition.key)) continue;
    seen.add(condition.key);
    const alert = openByKey.get(condition.key);
    if (alert) decision.keep.push({ alert, condition });
    else decision.fire.push(condition);
  }
  for (const alert of open) {
    if (!seen.has(alert.key) && inScope(alert.key)) decision.resolve.push(alert);
  }
  return decision;
}

// ---- webhook payload (Slack-compatible) and signature ----

export interface AlertForPayload {
  id: string;
  key: string;
  type: AlertType;
  severity: AlertSeverity;
  title: string;
  accountId: string | null;
  region: string | null;
  instanceId: string | null;
  team: string | null;
  openedAt: string;
  runId: number;
  detail: Record<string, unknown>;
}

export interface WebhookPayload {
  text: string;
  blocks: unknown[];
  alert: AlertForPayload & { url: string | null };
}

const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `{"text", "blocks", "alert"}`: Slack shows text/blocks, other receivers read `alert`. */
export function buildPayload(alert: AlertForPayload, baseUrl: string | null): WebhookPayload {
  const url = baseUrl ? `${baseUrl}/alerts?state=open&type=${encodeURIComponent(alert.type)}` : null;
  const where = [alert.instanceId, alert.team ? `team ${alert.team}` : null, alert.accountId, alert.region].filter(
    (part): part is string => Boolean(part),
  );
  const icon = alert.severity === "critical" ? ":rotating_light:" : ":warning:";
  const text = `${icon} ${alert.title}${where.length > 0 ? ` (${where.join(", ")})` : ""}`;
  const summary = typeof alert.detail.summary === "string" ? alert.detail.summary : null;
  const blocks: unknown[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*${escapeMrkdwn(alert.title)}*${summary ? `\n${escapeMrkdwn(summary)}` : ""}`,
      },
    },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: escapeMrkdwn(
            [
              `alert #${alert.id}`,
              alert.key,
              ...where.slice(1),
              `opened ${alert.openedAt}`,
              `run #${alert.runId}`,
            ].join(" · "),
          ),
        },
      ],
    },
  ];
  if (url) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in the dashboard" }, url }],
    });
  }
  return { text, blocks, alert: { ...alert, url } };
}

export const SIGNATURE_HEADER = "X-IMDS-Signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe-style receivers verify it. */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** A receiver's check: the signature matches and is at most `toleranceSeconds` old. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== "string") return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Network errors, 5xx and 429 are worth another attempt; other answers will not change. */
export function isRetryable(statusCode: number | null): boolean {
  return statusCode === null || statusCode === 429 || statusCode >= 500;
}

/** When attempt `attempts` (1-based, just failed) is retried, or null when attempts are used up. */
export function nextRetryDelay(attempts: number, delaysMs: readonly number[]): number | null {
  return attempts >= 1 && attempts <= delaysMs.length ? delaysMs[attempts - 1]! : null;
}
