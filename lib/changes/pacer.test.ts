import { describe, expect, it } from "vitest";
import { createPacer, MODIFY_DEFAULTS_BUCKET } from "./pacer";

describe("pacer", () => {
  it("lets a burst of the bucket's size through, then one token per refill interval, per key", async () => {
    let clock = 0;
    const granted: [string, number][] = [];
    const pacer = createPacer(MODIFY_DEFAULTS_BUCKET, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const take = (key: string) => pacer.take(key).then(() => void granted.push([key, clock]));
    await Promise.all([take("a"), take("a"), take("a"), take("a"), take("b")]);
    const times = (key: string) => granted.filter(([k]) => k === key).map(([, at]) => at);
    // 2 at once, then one every 500 ms (2 a second), plus the safety margin.
    expect(times("a")).toEqual([0, 0, 600, 1100]);
    // Another account-region has its own bucket.
    expect(times("b")).toHaveLength(1);
  });
});
