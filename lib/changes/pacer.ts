// Client-side token buckets, so changes go at AWS's pace instead of collecting throttling errors.
// EC2 keeps one bucket per account x region x API (lib/simulator/token-bucket.ts mirrors it).

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

/** EC2's bucket for ModifyInstanceMetadataDefaults (DryRun calls count too): 2, refilled 2/s. */
export const MODIFY_DEFAULTS_BUCKET: BucketSpec = { capacity: 2, refillPerSecond: 2 };

/** EC2's bucket for ModifyInstanceMetadataOptions (DryRun calls count too): 100, refilled 5/s. */
export const MODIFY_OPTIONS_BUCKET: BucketSpec = { capacity: 100, refillPerSecond: 5 };

export interface Pacer {
  /** Resolves when a token for `key` is available, and spends it. */
  take(key: string): Promise<void>;
}

/**
 * `marginMs` is added to every wait: AWS counts from when a call arrives, we from when it leaves,
 * and a call that leaves on the dot can arrive before AWS's token does.
 */
export function createPacer(
  spec: BucketSpec,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
  marginMs = 100,
): Pacer {
  const buckets = new Map<string, { tokens: number; at: number; queue: Promise<void> }>();
  return {
    take(key) {
      const bucket = buckets.get(key) ?? { tokens: spec.capacity, at: clock.now(), queue: Promise.resolve() };
      buckets.set(key, bucket);
      // One waiter at a time per key, so tokens are handed out in request order.
      const turn = bucket.queue.then(async () => {
        for (;;) {
          const now = clock.now();
          bucket.tokens = Math.min(spec.capacity, bucket.tokens + ((now - bucket.at) / 1000) * spec.refillPerSecond);
          bucket.at = now;
          if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return;
          }
          await clock.sleep(Math.ceil(((1 - bucket.tokens) / spec.refillPerSecond) * 1000) + marginMs);
        }
      });
      bucket.queue = turn;
      return turn;
    },
  };
}

/** The process's pacer for ModifyInstanceMetadataDefaults, shared by every request. */
export const modifyDefaultsPacer: Pacer = createPacer(MODIFY_DEFAULTS_BUCKET);

/** The process's pacer for ModifyInstanceMetadataOptions, shared by every request. */
export const modifyOptionsPacer: Pacer = createPacer(MODIFY_OPTIONS_BUCKET);
