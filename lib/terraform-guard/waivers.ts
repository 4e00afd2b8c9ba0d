import { z } from "zod";
import type { PlanResource } from "./model";
import { POLICY_IDS } from "./policies";

// Waivers: a named owner accepts one policy's violation on one resource until a date. Matching is
// pure: the stored waivers come from the database (page, `--waivers db`) or a file (`--waivers f`).

export interface Waiver {
  id: string;
  policy: string;
  /**
   * The resource address, module path included (`module.web.aws_instance.app[0]`). Without an
   * instance key (`module.web.aws_instance.app`) it covers every count / for_each instance.
   */
  address: string;
  owner: string;
  reason: string;
  /** ISO date-time; the waiver stops applying at this instant. */
  expiresAt: string;
  revokedAt: string | null;
}

/** A waiver's policy, as a waivers file and the Waive dialog (and its API) check it. */
export const WaiverPolicy = z.enum(POLICY_IDS, { error: `must be one of ${POLICY_IDS.join(", ")}` });

/** A date alone (2026-12-31) expires at the end of that day, UTC; a date-time at that instant. */
export function waiverExpiry(value: string): Date {
  return /^\d{4}-\d\d-\d\d$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}

/** `aws_instance.app[0]` -> `aws_instance.app`; addresses without a trailing instance key unchanged. */
function withoutInstanceKey(address: string): string {
  return address.replace(/\[(\d+|"(?:[^"\\]|\\.)*")\]$/, "");
}

function waiverIsActive(waiver: Pick<Waiver, "expiresAt" | "revokedAt">, now: number): boolean {
  return waiver.revokedAt === null && Date.parse(waiver.expiresAt) > now;
}

/** The active waiver covering this policy's violation on this resource (the latest-expiring one), if any. */
export function findWaiver(
  waivers: readonly Waiver[],
  policy: string,
  resource: Pick<PlanResource, "address">,
  now: number,
): Waiver | null {
  const base = withoutInstanceKey(resource.address);
  let best: Waiver | null = null;
  for (const waiver of waivers) {
    if (waiver.policy !== policy || !waiverIsActive(waiver, now)) continue;
    if (waiver.address !== resource.address && waiver.address !== base) continue;
    if (!best || Date.parse(waiver.expiresAt) > Date.parse(best.expiresAt)) best = waiver;
  }
  return best;
}
