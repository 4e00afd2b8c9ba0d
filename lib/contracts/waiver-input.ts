import { z } from "zod";
import { DAY_MS, utcDay } from "@/lib/domain/time";
import { waiverExpiry, WaiverPolicy } from "@/lib/terraform-guard/waivers";

// Shared with the browser (the Waive dialog validates with it too): no server imports here.

const MAX_WAIVER_DAYS = 365;

/** A waiver as the Waive dialog sends it (POST /api/guardrail/waivers), before createWaiverInput checks it. */
export interface WaiverDraft {
  policy: string;
  address: string;
  owner: string;
  reason: string;
  /** The dialog's date input: YYYY-MM-DD. */
  expiresAt: string;
}

/** The expiry the dialog proposes: 30 days from now, as YYYY-MM-DD. */
export function defaultExpiryDate(now: number): string {
  return utcDay(now + 30 * DAY_MS);
}

// Terraform addresses: dotted names with optional [index] / ["key"] instance keys.
const ADDRESS =
  /^(module\.[A-Za-z0-9_-]+(\[(\d+|"[^"]*")\])?\.)*[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\[(\d+|"[^"]*"|\*)\])?$/;

export function createWaiverInput(now: number) {
  return z.object({
    policy: WaiverPolicy,
    address: z
      .string({ error: "must be a resource address" })
      .trim()
      .max(500, { error: "must be at most 500 characters" })
      .regex(ADDRESS, {
        error: 'must be a Terraform resource address like aws_instance.web or module.app.aws_instance.web["a"]',
      }),
    owner: z
      .string({ error: "must name who owns this exception" })
      .trim()
      .min(1, { error: "must name who owns this exception" })
      .max(200, { error: "must be at most 200 characters" }),
    reason: z
      .string({ error: "must say why the violation is accepted" })
      .trim()
      .min(3, { error: "must say why the violation is accepted" })
      .max(2000, { error: "must be at most 2000 characters" }),
    expiresAt: z
      .string({ error: "must be a date like 2026-12-31" })
      .refine((value) => /^\d{4}-\d\d-\d\d(T.*)?$/.test(value) && !Number.isNaN(waiverExpiry(value).getTime()), {
        error: "must be a date like 2026-12-31",
      })
      .transform(waiverExpiry)
      .refine((date) => date.getTime() > now, { error: "must be in the future" })
      .refine((date) => date.getTime() <= now + MAX_WAIVER_DAYS * DAY_MS + DAY_MS, {
        error: `must be within ${MAX_WAIVER_DAYS} days: waivers are reviewed, not permanent`,
      }),
  });
}

export const RevokeWaiverInput = z.object({
  id: z.string().regex(/^\d{1,18}$/, { error: "must be a waiver id" }),
});
export type RevokeWaiverInput = z.output<typeof RevokeWaiverInput>;
