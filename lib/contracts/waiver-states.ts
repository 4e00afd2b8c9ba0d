// Shared with the browser (the Guardrail page's URL parsers): no database imports here.
export const WAIVER_STATES = ["active", "expired", "revoked"] as const;
export type WaiverState = (typeof WAIVER_STATES)[number];
