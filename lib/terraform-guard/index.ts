import { InputError } from "./errors";
import { evaluateGuard, type GuardOptions, type GuardReport } from "./evaluate";
import { parsePlanText } from "./plan";

// The guardrail engine's front door: plan text in, a report or the InputError saying why the text
// is not a plan. Any other throw would be a bug (the property tests hold it to that).

export type GuardOutcome = { ok: true; report: GuardReport } | { ok: false; error: InputError };

export function evaluatePlanText(text: string, source: string, options: GuardOptions = {}): GuardOutcome {
  try {
    return { ok: true, report: evaluateGuard(parsePlanText(text, source), options) };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error };
    throw error;
  }
}
