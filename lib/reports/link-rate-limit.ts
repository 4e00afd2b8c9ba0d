import { AppError } from "@/lib/core/app-error";

// A per-key sliding window: at most `limit` hits in any `windowMs`. In memory, per process: it
// exists to stop one link being hammered, not to meter usage across servers.

export interface LinkRateLimitOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
}

/** Keys kept before windows that have run out are swept (keys are live report ids, so few). */
const SWEEP_ABOVE_KEYS = 1_000;

export class LinkRateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly options: LinkRateLimitOptions) {}

  /** Counts a hit for `key`, or throws TooManyRequests (429) with when the next one is allowed. */
  take(key: string, what: string): void {
    const now = this.options.now?.() ?? Date.now();
    const since = now - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.options.limit) {
      this.hits.set(key, recent);
      const seconds = Math.max(1, Math.ceil((recent[0]! - since) / 1000));
      throw new AppError(
        "TooManyRequests",
        `Too many ${what} for this link: at most ${this.options.limit} per ${Math.round(this.options.windowMs / 1000)} s. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > SWEEP_ABOVE_KEYS) this.sweep(since);
  }

  private sweep(since: number): void {
    for (const [key, times] of this.hits) {
      if (times.at(-1)! <= since) this.hits.delete(key);
    }
  }
}
