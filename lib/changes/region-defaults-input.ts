import { z } from "zod";
import { NO_HOP_LIMIT } from "@/lib/domain/region-defaults";

// Inputs of the regional-defaults change workflow (preview, apply), validated on the first line
// of each action; failures answer 422 naming the field (`cells[1].region: ...`).

const enabledOrNot = z.enum(["enabled", "disabled", "no-preference"], {
  error: "must be enabled, disabled or no-preference",
});

export const DefaultsTargetInput = z
  .object({
    httpTokens: z
      .enum(["required", "optional", "no-preference"], { error: "must be required, optional or no-preference" })
      .optional(),
    httpTokensEnforced: enabledOrNot.optional(),
    httpPutResponseHopLimit: z
      .number({ error: "must be a whole number from 1 to 64, or -1 for no preference" })
      .int({ error: "must be a whole number from 1 to 64, or -1 for no preference" })
      .refine((value) => value === NO_HOP_LIMIT || (value >= 1 && value <= 64), {
        error: "must be a whole number from 1 to 64, or -1 for no preference",
      })
      .optional(),
    httpEndpoint: enabledOrNot.optional(),
    instanceMetadataTags: enabledOrNot.optional(),
  })
  .strict()
  .refine((target) => Object.values(target).some((value) => value !== undefined), {
    error: "choose at least one setting to change",
  });
export type DefaultsTargetInput = z.output<typeof DefaultsTargetInput>;

export const CellInput = z.object({
  accountId: z.string({ error: "must be a 12-digit AWS account id" }).regex(/^\d{12}$/, {
    error: "must be a 12-digit AWS account id",
  }),
  region: z.string({ error: "must be a region name like eu-west-1" }).regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, {
    error: "must be a region name like eu-west-1",
  }),
});

const nullableText = z.string().nullable();
/** The defaults the user saw in the preview: apply refuses (409) when AWS now says otherwise. */
export const DefaultsSnapshotInput = z.object({
  httpTokens: nullableText,
  httpPutResponseHopLimit: z.number().int().nullable(),
  httpEndpoint: nullableText,
  instanceMetadataTags: nullableText,
  httpTokensEnforced: nullableText,
});

function uniqueCells(cells: readonly { accountId: string; region: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    const key = `${cell.accountId}/${cell.region}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["cells", index], message: `${key} is listed twice` });
    seen.add(key);
  });
}

export const PreviewRegionDefaultsInput = z
  .object({
    cells: z.array(CellInput).min(1, { error: "select at least one account-region" }).max(500),
    target: DefaultsTargetInput,
  })
  .superRefine((input, ctx) => uniqueCells(input.cells, ctx));
export type PreviewRegionDefaultsInput = z.output<typeof PreviewRegionDefaultsInput>;

export const ApplyRegionDefaultsInput = z
  .object({
    cells: z
      .array(CellInput.extend({ before: DefaultsSnapshotInput }))
      .min(1, { error: "select at least one account-region" })
      .max(500),
    target: DefaultsTargetInput,
  })
  .superRefine((input, ctx) => uniqueCells(input.cells, ctx));
export type ApplyRegionDefaultsInput = z.output<typeof ApplyRegionDefaultsInput>;

export const UndoChangeInput = z.object({
  changeId: z.uuid({ error: "must be a change id (a UUID)" }),
});
export type UndoChangeInput = z.output<typeof UndoChangeInput>;
