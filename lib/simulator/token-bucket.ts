// EC2's request token buckets, one per account x region x API (see aws-facts.md). Time is the
// real monotonic clock, not the simulated one, so buckets refill even under a frozen test clock.

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export const BUCKETS = {
  describe: { capacity: 100, refillPerSecond: 20 },
  describeUnfiltered: { capacity: 50, refillPerSecond: 10 },
  modifyInstanceMetadataOptions: { capacity: 100, refillPerSecond: 5 },
  modifyInstanceMetadataDefaults: { capacity: 2, refillPerSecond: 2 },
} as const satisfies Record<string, BucketSpec>;

interface BucketState {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token; false when the bucket is empty (the call is throttled). */
  take(key: string, spec: BucketSpec): boolean {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: spec.capacity, updatedAt: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(spec.capacity, b.tokens + ((t - b.updatedAt) / 1000) * spec.refillPerSecond);
    b.updatedAt = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
