import { describe, expect, it } from "vitest";
import { DAY_MS } from "@/lib/domain/time";
import { createReadCache } from "./read-cache";

function harness(options: { versionTtlMs?: number; maxAgeMs?: number; maxEntries?: number } = {}) {
  let version = 1;
  let versionReads = 0;
  let clock = Date.UTC(2026, 10, 22, 12);
  const cache = createReadCache({
    readVersion: async () => {
      versionReads++;
      return String(version);
    },
    now: () => clock,
    ...options,
  });
  let computed = 0;
  const compute = async () => ({ computed: ++computed });
  return {
    cache,
    compute,
    computed: () => computed,
    versionReads: () => versionReads,
    bump: () => version++,
    advance: (ms: number) => (clock += ms),
  };
}

describe("read cache", () => {
  it("computes once per data version, and shares one computation between concurrent readers", async () => {
    const h = harness({ versionTtlMs: 0 });
    const [a, b] = await Promise.all([h.cache.get("k", h.compute), h.cache.get("k", h.compute)]);
    expect(a).toBe(b);
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 1 });
    h.bump();
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 2 });
    expect(await h.cache.get("other", h.compute)).toEqual({ computed: 3 });
  });

  it("trusts one version lookup for versionTtlMs", async () => {
    const h = harness({ versionTtlMs: 500 });
    await h.cache.get("k", h.compute);
    h.bump();
    h.advance(499);
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 1 });
    expect(h.versionReads()).toBe(1);
    h.advance(1);
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 2 });
    expect(h.versionReads()).toBe(2);
  });

  it("recomputes on a new UTC day (windows are day-relative) and after maxAgeMs", async () => {
    const h = harness({ versionTtlMs: 0, maxAgeMs: 2 * DAY_MS });
    await h.cache.get("k", h.compute);
    h.advance(DAY_MS);
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 2 });
    const aged = harness({ versionTtlMs: 0, maxAgeMs: 1000 });
    await aged.cache.get("k", aged.compute);
    aged.advance(1000);
    expect(await aged.cache.get("k", aged.compute)).toEqual({ computed: 2 });
  });

  it("does not keep failures: the next reader computes again", async () => {
    const h = harness({ versionTtlMs: 0 });
    await expect(h.cache.get("k", async () => Promise.reject(new Error("database down")))).rejects.toThrow(
      "database down",
    );
    expect(await h.cache.get("k", h.compute)).toEqual({ computed: 1 });
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const h = harness({ versionTtlMs: 0, maxEntries: 2 });
    await h.cache.get("a", h.compute);
    await h.cache.get("b", h.compute);
    await h.cache.get("a", h.compute);
    await h.cache.get("c", h.compute);
    expect(h.cache.size).toBe(2);
    expect(await h.cache.get("a", h.compute)).toEqual({ computed: 1 });
    expect(await h.cache.get("b", h.compute)).toEqual({ computed: 4 });
  });

  it("serialises each entry once", async () => {
    const h = harness({ versionTtlMs: 0 });
    const first = await h.cache.getJson("k", h.compute);
    expect(first).toBe(JSON.stringify({ computed: 1 }));
    expect(await h.cache.getJson("k", h.compute)).toBe(first);
  });
});
