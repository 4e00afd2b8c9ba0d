import { z } from "zod";
import { loadGuardOptions } from "@/lib/db/read/guard-live-context";
import type { Db } from "@/lib/db/conn/types";
import { InputError } from "@/lib/terraform-guard/errors";
import { evaluateGuard } from "@/lib/terraform-guard/evaluate";
import { parsePlanText } from "@/lib/terraform-guard/plan";
import { toJsonReport } from "@/lib/terraform-guard/render-json";
import { renderTextReport } from "@/lib/terraform-guard/render-text";
import { AppError } from "@/lib/core/app-error";

// The Guardrail page's Evaluate: the CLI's verdict for a pasted or uploaded plan, with the stored
// waivers applied and, when asked, the collected live context. Reads only; any signed-in role.

const MAX_PLAN_BYTES = 50 * 1024 * 1024;

const EvaluatePlanInput = z.object({
  plan: z
    .string({ error: "must be the plan's JSON text (terraform show -json plan.out)" })
    .min(1, { error: "is empty: paste the output of terraform show -json plan.out, or choose the file" })
    .max(MAX_PLAN_BYTES, { error: "is larger than 50 MB" }),
  /** The name shown in messages (the uploaded file's name); plan.json when absent or blank. */
  source: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || "plan.json"),
  live: z.boolean().optional().default(false),
});

export interface PlanEvaluation {
  /** The CLI's text output for the same plan, waivers and live setting. */
  text: string;
  report: ReturnType<typeof toJsonReport>;
}

export async function evaluatePlan({
  ctx,
  input,
}: {
  ctx: { db: Db; now?: () => number };
  input: unknown;
}): Promise<PlanEvaluation> {
  const { plan, source, live } = EvaluatePlanInput.parse(input);
  const now = (ctx.now ?? Date.now)();
  let model;
  try {
    model = parsePlanText(plan, source);
  } catch (error) {
    if (error instanceof InputError) {
      throw new AppError("ValidationFailed", error.message, {
        details: { source: error.source, at: error.at, problem: error.problem },
      });
    }
    throw error;
  }
  const options = await loadGuardOptions(ctx.db, { model, waivers: "db", live, accountId: null, now: new Date(now) });
  const report = evaluateGuard(model, { ...options, now });
  return { text: renderTextReport(report), report: toJsonReport(report, source) };
}
