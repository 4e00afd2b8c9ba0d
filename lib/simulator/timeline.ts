// Time ranges in whole minutes since the epoch: metric sums are computed per minute range, so
// every boundary (launch, stop, switch, end of v1 calls) is floored to a minute.
import { MINUTE_MS, type SimInstance } from "./instance";
import type { HttpTokens, MetricName } from "./types";

export type Interval = readonly [number, number];

export function toMinute(ms: number): number {
  return ms === Infinity ? Infinity : Math.floor(ms / MINUTE_MS);
}

/** Minutes during which the instance runs (and so reports datapoints). */
export function runningMinutes(inst: SimInstance): Interval {
  return [toMinute(inst.launchTime), inst.stopTime === null ? Infinity : toMinute(inst.stopTime)];
}

export function httpTokensAt(inst: SimInstance, at: number): HttpTokens {
  let tokens = inst.tokenChanges[0]?.httpTokens ?? "optional";
  for (const change of inst.tokenChanges) {
    if (change.at > at) break;
    tokens = change.httpTokens;
  }
  return tokens;
}

/**
 * Minutes in which IMDSv1 calls land in `metric`: running, the workload calling v1, and HttpTokens
 * optional (the calls succeed: MetadataNoToken) or required (they are refused: ...Rejected).
 */
export function metricMinutes(inst: SimInstance, metric: MetricName): Interval[] {
  const [runLo, runHi] = runningMinutes(inst);
  if (inst.v1Until === null) return [];
  const lo = runLo;
  const hi = Math.min(runHi, toMinute(inst.v1Until));
  if (hi <= lo) return [];
  const want: HttpTokens = metric === "MetadataNoToken" ? "optional" : "required";
  const out: Interval[] = [];
  const changes = inst.tokenChanges;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change || change.httpTokens !== want) continue;
    const next = changes[i + 1];
    const s = Math.max(lo, i === 0 ? -Infinity : toMinute(change.at));
    const e = Math.min(hi, next ? toMinute(next.at) : Infinity);
    if (s < e) out.push([s, e]);
  }
  return out;
}

export type InstanceCategory =
  "always-required" | "switched" | "switched-too-early" | "blocked" | "quiet-recently" | "ready" | "never-v1";

export interface InstanceTruth {
  instanceId: string;
  httpTokens: HttpTokens;
  /** When HttpTokens last became required (null: optional now, or required since launch). */
  switchedAt: number | null;
  /** The workload calls IMDSv1 until this ms (Infinity: still; null: never). */
  v1Until: number | null;
  category: InstanceCategory;
}

const FOURTEEN_DAYS_MS = 14 * 86_400_000;

function callsV1After(inst: SimInstance, t: number): boolean {
  return inst.v1Until !== null && inst.v1Until > t && inst.v1Until > inst.launchTime;
}

/** The migration story of one instance, derived from its timeline (so mutations are reflected). */
export function truthOf(inst: SimInstance, now: number): InstanceTruth {
  const httpTokens = httpTokensAt(inst, now);
  const first = inst.tokenChanges[0];
  let switchedAt: number | null = null;
  if (httpTokens === "required") {
    for (let i = inst.tokenChanges.length - 1; i > 0; i--) {
      const change = inst.tokenChanges[i];
      const prev = inst.tokenChanges[i - 1];
      if (change && prev && change.httpTokens === "required" && prev.httpTokens === "optional") {
        switchedAt = change.at;
        break;
      }
    }
  }
  const v1Until = inst.v1Until;
  let category: InstanceCategory;
  if (httpTokens === "required") {
    if (switchedAt === null && first?.httpTokens === "required") category = "always-required";
    else category = callsV1After(inst, switchedAt ?? inst.launchTime) ? "switched-too-early" : "switched";
  } else if (callsV1After(inst, now)) {
    category = "blocked";
  } else if (callsV1After(inst, now - FOURTEEN_DAYS_MS)) {
    category = "quiet-recently";
  } else if (v1Until !== null && v1Until > inst.launchTime) {
    category = "ready";
  } else {
    category = "never-v1";
  }
  return { instanceId: inst.instanceId, httpTokens, switchedAt, v1Until, category };
}
