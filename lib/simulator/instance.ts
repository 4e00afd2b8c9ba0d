import { hash32, hex8 } from "./prng";
import type { HttpTokens, InstanceStateName, InstanceView, MetadataOptions, Tag } from "./types";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** An instance shows `pending` this long after launch and `stopping` this long before it stops. */
export const PENDING_MS = 60_000;
export const STOPPING_MS = 120_000;

export interface TokenChange {
  /** ms since epoch, minute-aligned so metric sums over any range stay additive */
  at: number;
  httpTokens: HttpTokens;
}

/** One simulated instance: static facts plus the mutable metadata timeline. */
export interface SimInstance {
  readonly instanceId: string;
  readonly accountId: string;
  readonly region: string;
  readonly instanceType: string;
  readonly imageId: string;
  /** ms since epoch */
  readonly launchTime: number;
  /** ms since epoch; the instance is stopped from then on (null: never stops) */
  readonly stopTime: number | null;
  readonly name: string;
  readonly team: string;
  readonly environment: string;
  /** Launch template id and version (null: launched without one); shown only as tags. */
  readonly launchTemplateId: string | null;
  readonly launchTemplateVersion: number;
  /** Last requested options (what describe shows, `pending` until metadataPendingUntil). */
  metadata: MetadataOptions;
  metadataPendingUntil: number;
  /** HttpTokens over time, ascending by `at`; the first entry is the launch setting. */
  tokenChanges: TokenChange[];
  /** The workload calls IMDSv1 from launch until this ms (Infinity: still does; null: never). */
  readonly v1Until: number | null;
  /** Typical IMDSv1 calls per day while the workload calls v1. */
  readonly dailyCalls: number;
  /** Per-instance hash key for day-by-day variation. */
  readonly hashKey: number;
}

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  stopping: 64,
  stopped: 80,
};

export function stateAt(inst: SimInstance, at: number): InstanceStateName {
  if (inst.stopTime !== null) {
    if (at >= inst.stopTime) return "stopped";
    if (at >= inst.stopTime - STOPPING_MS) return "stopping";
  }
  if (at < inst.launchTime + PENDING_MS) return "pending";
  return "running";
}

export function tagsOf(inst: SimInstance): Tag[] {
  const tags: Tag[] = [
    { key: "Name", value: inst.name },
    { key: "team", value: inst.team },
    { key: "environment", value: inst.environment },
  ];
  if (inst.launchTemplateId !== null) {
    tags.push({ key: "aws:ec2launchtemplate:id", value: inst.launchTemplateId });
    tags.push({ key: "aws:ec2launchtemplate:version", value: String(inst.launchTemplateVersion) });
  }
  return tags;
}

// Cosmetic fields are derived from the instance's hash when shown, to keep the fleet small.

export function reservationIdOf(inst: SimInstance): string {
  return `r-0${hex8(hash32(inst.hashKey, 0x7e5))}${hex8(hash32(inst.hashKey, 0x7e6))}`;
}

export function availabilityZoneOf(inst: SimInstance): string {
  return inst.region + ("abc"[inst.hashKey % 3] ?? "a");
}

export function privateIpOf(inst: SimInstance): string {
  const ip = hash32(inst.hashKey, 0x19);
  return `10.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${(ip & 255) | 1}`;
}

function gmt(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " GMT";
}

export function viewOf(inst: SimInstance, at: number): InstanceView {
  const state = stateAt(inst, at);
  return {
    instanceId: inst.instanceId,
    reservationId: reservationIdOf(inst),
    ownerId: inst.accountId,
    imageId: inst.imageId,
    instanceType: inst.instanceType,
    state,
    stateCode: STATE_CODES[state],
    stateTransitionReason:
      state === "stopped" && inst.stopTime !== null ? `User initiated (${gmt(inst.stopTime)})` : "",
    launchTime: inst.launchTime,
    availabilityZone: availabilityZoneOf(inst),
    privateIpAddress: privateIpOf(inst),
    tags: tagsOf(inst),
    metadataOptions: { ...inst.metadata, state: at < inst.metadataPendingUntil ? "pending" : "applied" },
  };
}
