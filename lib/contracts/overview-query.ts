import { z } from "zod";
import { accountIdParam, regionParam } from "@/lib/contracts/query-params";
import { OVERVIEW_RANGES, type OverviewRange } from "@/lib/contracts/overview-ranges";

/** The overview's filters, as the API and the page's URL carry them. */
export const OverviewQuery = z.object({
  account: accountIdParam,
  region: regionParam,
  team: z
    .string()
    .min(1, { error: "must not be empty" })
    .max(256, { error: "must be at most 256 characters" })
    .nullish()
    .transform((value) => value ?? null),
  days: z.coerce
    .number({ error: "must be one of 7, 30, 90, 365" })
    .refine((value): value is OverviewRange => (OVERVIEW_RANGES as readonly number[]).includes(value), {
      error: "must be one of 7, 30, 90, 365",
    })
    .default(90),
});
export type OverviewQuery = z.output<typeof OverviewQuery>;
