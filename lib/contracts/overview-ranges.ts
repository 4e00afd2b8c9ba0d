// The time ranges the overview and regions pages offer, in days. Kept apart from overview.ts so
// the browser bundle can import them without the database module's dependencies.
export const OVERVIEW_RANGES = [7, 30, 90, 365] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];
