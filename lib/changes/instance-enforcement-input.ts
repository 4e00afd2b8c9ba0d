import { z } from "zod";

// Inputs of instance enforcement (preview, apply), validated on the first line of each action;
// failures answer 422 naming the field (`instanceIds[3]: must be an EC2 instance id ...`).

/** At most this many instances per request: a preview, an apply or a rollback. */
export const MAX_INSTANCES_PER_CHANGE = 1000;

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
export const InstanceIdInput = z
  .string({ error: "must be an EC2 instance id like i-0123456789abcdef0" })
  .regex(INSTANCE_ID, { error: "must be an EC2 instance id like i-0123456789abcdef0" });

const hopLimit = z
  .number({ error: "must be a whole number from 1 to 64" })
  .int({ error: "must be a whole number from 1 to 64" })
  .min(1, { error: "must be a whole number from 1 to 64" })
  .max(64, { error: "must be a whole number from 1 to 64" });

/** The target of an enforcement: always HttpTokens=required, optionally a new hop limit. */
export const EnforcementTargetInput = z
  .object({
    httpTokens: z
      .literal("required", { error: "must be required (enforcement only turns IMDSv1 off)" })
      .default("required"),
    httpPutResponseHopLimit: hopLimit.optional(),
  })
  .strict();
export type EnforcementTargetInput = z.output<typeof EnforcementTargetInput>;

/** The settings the user saw in the preview: apply refuses (409) when AWS now says otherwise. */
export const InstanceSettingsInput = z.object({
  httpTokens: z.string({ error: "must be the HttpTokens the preview showed" }),
  httpPutResponseHopLimit: z.number({ error: "must be the hop limit the preview showed" }).int().nullable(),
});
export type InstanceSettingsInput = z.output<typeof InstanceSettingsInput>;

function unique(ids: readonly string[], path: (index: number) => (string | number)[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: "custom", path: path(index), message: `${id} is listed twice` });
    seen.add(id);
  });
}

const tooMany = { error: `at most ${MAX_INSTANCES_PER_CHANGE} instances per request` };

export const PreviewInstanceEnforcementInput = z
  .object({
    instanceIds: z
      .array(InstanceIdInput)
      .min(1, { error: "select at least one instance" })
      .max(MAX_INSTANCES_PER_CHANGE, tooMany),
    target: EnforcementTargetInput.default({ httpTokens: "required" }),
  })
  .strict()
  .superRefine((input, ctx) => unique(input.instanceIds, (index) => ["instanceIds", index], ctx));
export type PreviewInstanceEnforcementInput = z.output<typeof PreviewInstanceEnforcementInput>;

export const ApplyInstanceEnforcementInput = z
  .object({
    instances: z
      .array(z.object({ instanceId: InstanceIdInput, before: InstanceSettingsInput }))
      .min(1, { error: "select at least one instance" })
      .max(MAX_INSTANCES_PER_CHANGE, tooMany),
    target: EnforcementTargetInput.default({ httpTokens: "required" }),
  })
  .strict()
  .superRefine((input, ctx) =>
    unique(
      input.instances.map((instance) => instance.instanceId),
      (index) => ["instances", index, "instanceId"],
      ctx,
    ),
  );
export type ApplyInstanceEnforcementInput = z.output<typeof ApplyInstanceEnforcementInput>;
