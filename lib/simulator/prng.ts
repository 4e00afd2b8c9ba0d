// Stateless hashing: every fleet fact is a pure function of (seed, index, salt), so the fleet
// needs no per-day storage and any instance can be regenerated on its own.

/** murmur3's 32-bit finaliser: a bijection on uint32, so distinct inputs give distinct outputs. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function modInverse(a: number): number {
  let inv = a;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(a, inv));
  return inv >>> 0;
}
const INV_A = modInverse(0x85ebca6b);
const INV_B = modInverse(0xc2b2ae35);

function unXorShift(y: number, shift: number): number {
  let x = y;
  for (let k = 0; k < 32; k += shift) x = y ^ (x >>> shift);
  return x >>> 0;
}

/** Inverse of fmix32, used to map an id back to its index without a lookup table. */
export function unfmix32(h: number): number {
  let x = unXorShift(h >>> 0, 16);
  x = Math.imul(x, INV_B) >>> 0;
  x = unXorShift(x, 13);
  x = Math.imul(x, INV_A) >>> 0;
  return unXorShift(x, 16);
}

/** Hash of up to five integers to a uint32. */
export function hash32(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = fmix32((a ^ 0x9e3779b9) >>> 0);
  h = fmix32((h + Math.imul(b ^ 0x7f4a7c15, 0x2545f491)) >>> 0);
  h = fmix32((h + Math.imul(c ^ 0x632be59b, 0x27d4eb2f)) >>> 0);
  h = fmix32((h + Math.imul(d ^ 0x165667b1, 0x9e3779b1)) >>> 0);
  h = fmix32((h + Math.imul(e ^ 0x85ebca77, 0xc2b2ae3d)) >>> 0);
  return h;
}

/** Uniform float in [0, 1) from a hash of the arguments. */
export function unit(a: number, b = 0, c = 0, d = 0, e = 0): number {
  return hash32(a, b, c, d, e) / 4294967296;
}

/** Sequential PRNG (mulberry32) for the few places where draw order is natural. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stable small integer from a string (salts, fingerprints). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export function hex8(n: number): string {
  return (
    (HEX_BYTES[(n >>> 24) & 255] ?? "") +
    (HEX_BYTES[(n >>> 16) & 255] ?? "") +
    (HEX_BYTES[(n >>> 8) & 255] ?? "") +
    (HEX_BYTES[n & 255] ?? "")
  );
}

/**
 * An AWS-style id (`i-0` + 16 hex) unique per (salt, index): the low half is a bijection of the
 * index, so ids never collide however many are generated (up to 2^32).
 */
export function resourceId(prefix: string, seed: number, salt: number, index: number): string {
  const hi = hash32(seed, salt, index, 0x51ed);
  const lo = fmix32((index ^ hash32(seed, salt, 0xbeef)) >>> 0);
  return `${prefix}-0${hex8(hi)}${hex8(lo)}`;
}

/** The index a resourceId was made from, or null if `id` cannot be one of them. */
export function resourceIndex(prefix: string, seed: number, salt: number, id: string): number | null {
  const m = new RegExp(`^${prefix}-0[0-9a-f]{8}([0-9a-f]{8})$`).exec(id);
  if (!m?.[1]) return null;
  const index = (unfmix32(parseInt(m[1], 16)) ^ hash32(seed, salt, 0xbeef)) >>> 0;
  return resourceId(prefix, seed, salt, index) === id ? index : null;
}

/** Pick from a list by a uniform [0,1) number. */
export function pick<T>(list: readonly T[], u: number): T {
  const item = list[Math.floor(u * list.length) % list.length];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
