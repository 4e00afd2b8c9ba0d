import { createLoader, parseAsBoolean, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { WAIVER_STATES } from "@/lib/contracts/waiver-states";

// `/guardrail?live=true&state=active&owner=platform`: whether Evaluate uses the live context, and
// the waiver list's filters (the same parameters /api/guardrail/waivers and its CSV export take).
export const guardrailSearchParams = {
  live: parseAsBoolean.withDefault(false),
  state: parseAsStringLiteral(WAIVER_STATES),
  policy: parseAsString,
  owner: parseAsString,
  address: parseAsString,
};

export type GuardrailView = inferParserType<typeof guardrailSearchParams>;

export const loadGuardrailSearchParams = createLoader(guardrailSearchParams);

const WAIVER_FILTER_KEYS = ["state", "policy", "owner", "address"] as const;

/** The waiver filters as query text, in a fixed order: the list's query, its react-query key and the export link. */
export function waiverListQuery(view: GuardrailView): string {
  const query = new URLSearchParams();
  for (const key of WAIVER_FILTER_KEYS) {
    const value = view[key]?.trim();
    if (value) query.set(key, value);
  }
  return query.toString();
}
