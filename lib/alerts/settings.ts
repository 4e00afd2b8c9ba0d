import type { Env } from "@/lib/env";

/** How alerts are judged and delivered (lib/env.ts validates the variables behind them). */
export interface AlertSettings {
  /** A rejected-calls alert stays open until this long without rejections; also its look-back. */
  rejectedWindowHours: number;
  /** Waits before each retry of a webhook delivery; attempts = 1 + its length. */
  retryDelaysMs: readonly number[];
  /** Per attempt. */
  timeoutMs: number;
  /** Links in webhook payloads (PUBLIC_URL); null leaves them out. */
  publicUrl: string | null;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  rejectedWindowHours: 24,
  retryDelaysMs: [30_000, 120_000, 600_000],
  timeoutMs: 10_000,
  publicUrl: null,
};

export function alertSettings(config: Env): AlertSettings {
  return {
    rejectedWindowHours: config.ALERT_REJECTED_WINDOW_HOURS,
    retryDelaysMs: config.WEBHOOK_RETRY_DELAYS,
    timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
    publicUrl: config.PUBLIC_URL ?? null,
  };
}
