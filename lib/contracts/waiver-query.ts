import { z } from "zod";
import { WAIVER_STATES } from "@/lib/contracts/waiver-states";

const optionalText = z
  .string()
  .trim()
  .max(500)
  .nullish()
  .transform((value) => (value ? value : null));

/** GET /api/guardrail/waivers: filters (absent = all). */
export const WaiverQuery = z.object({
  state: z
    .enum(WAIVER_STATES, { error: `must be one of ${WAIVER_STATES.join(", ")}` })
    .nullish()
    .transform((value) => value ?? null),
  policy: optionalText,
  /** Part of the resource address. */
  address: optionalText,
  owner: optionalText,
});
export type WaiverQuery = z.output<typeof WaiverQuery>;
