import { z } from "zod";
import { OVERVIEW_RANGES, type OverviewRange } from "@/lib/contracts/overview-ranges";
import { accountIdParam, regionParam } from "@/lib/contracts/query-params";

/** `?account=&region=` picks one cell whose history is returned too; `days` is its range. */
export const RegionsQuery = z
  .object({
    account: accountIdParam,
    region: regionParam,
    days: z.coerce
      .number({ error: "must be one of 7, 30, 90, 365" })
      .refine((value): value is OverviewRange => (OVERVIEW_RANGES as readonly number[]).includes(value), {
        error: "must be one of 7, 30, 90, 365",
      })
      .default(90),
  })
  .superRefine((value, ctx) => {
    if ((value.account === null) !== (value.region === null)) {
      ctx.addIssue({
        code: "custom",
        path: [value.account === null ? "account" : "region"],
        message: "account and region select a cell together: give both or neither",
      });
    }
  });
export type RegionsQuery = z.output<typeof RegionsQuery>;
