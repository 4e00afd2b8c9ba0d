// IMDSv1 call volume, computed on demand from hashes (no stored series). A day's total is split
// over its minutes by a deterministic cumulative curve, so the calls in any minute range are
// cum(end) - cum(start): 24 hourly sums always add up to the daily sum exactly.
import type { SimInstance } from "./instance";
import { hash32 } from "./prng";
import type { Interval } from "./timeline";

const DAY_MIN = 1440;

/** Relative activity by UTC hour: workloads are busier in the day than at night. */
const DIURNAL = [3, 2, 2, 2, 2, 3, 4, 6, 8, 9, 10, 10, 10, 10, 10, 9, 9, 8, 7, 6, 5, 5, 4, 3];

/** IMDSv1 calls the workload would make on `day` (days since the epoch). */
export function dailyCalls(inst: SimInstance, day: number): number {
  const h = hash32(inst.hashKey, day, 0xda1);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
  const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
  const jitter = 0.6 + (h % 1000) / 1250; // 0.6 .. 1.4
  return Math.max(24, Math.round(inst.dailyCalls * weekend * jitter));
}

/** Cumulative hour weights of `day`: cum[h] = sum of weights of hours before h (cum[24] = total). */
function hourCumulative(inst: SimInstance, day: number): Int32Array {
  const cum = new Int32Array(25);
  for (let h = 0; h < 24; h++) {
    const w = (DIURNAL[h] ?? 1) * (50 + (hash32(inst.hashKey, day, h, 0x40) % 50));
    cum[h + 1] = (cum[h] ?? 0) + w;
  }
  return cum;
}

/** Calls in the first `minute` minutes of `day` (0..1440), non-decreasing, ending at the total. */
function callsBefore(total: number, cum: Int32Array, minute: number): number {
  if (minute <= 0) return 0;
  if (minute >= DAY_MIN) return total;
  const h = Math.floor(minute / 60);
  const w = (cum[h + 1] ?? 0) - (cum[h] ?? 0);
  const scaled = 60 * (cum[h] ?? 0) + w * (minute - 60 * h);
  return Math.floor((total * scaled) / (60 * (cum[24] ?? 1)));
}

/** Calls the workload would make in minutes [a, b). */
export function callsInMinutes(inst: SimInstance, a: number, b: number): number {
  if (b <= a) return 0;
  let sum = 0;
  for (let day = Math.floor(a / DAY_MIN); day * DAY_MIN < b; day++) {
    const start = day * DAY_MIN;
    const lo = Math.max(a, start) - start;
    const hi = Math.min(b, start + DAY_MIN) - start;
    const total = dailyCalls(inst, day);
    if (lo === 0 && hi === DAY_MIN) {
      sum += total;
    } else {
      const cum = hourCumulative(inst, day);
      sum += callsBefore(total, cum, hi) - callsBefore(total, cum, lo);
    }
  }
  return sum;
}

/** Calls falling inside `intervals` within minutes [a, b). */
export function callsInIntervals(inst: SimInstance, intervals: readonly Interval[], a: number, b: number): number {
  let sum = 0;
  for (const [s, e] of intervals) {
    const lo = Math.max(a, s);
    const hi = Math.min(b, e);
    if (lo < hi) sum += callsInMinutes(inst, lo, hi);
  }
  return sum;
}
