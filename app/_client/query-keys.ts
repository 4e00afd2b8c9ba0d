// Every react-query key, in one place: a change in one area invalidates others (a finished run
// reloads the overview and the regions, an undo reloads regions and instances), so the keys are
// one registry rather than one per area. Each area's queries.ts holds its fetchers and options.

/** Filters as they travel in the URL and the API's query string; null means "all". */
export interface OverviewFilters {
  account: string | null;
  region: string | null;
  team: string | null;
  days: number;
}
export interface RegionsFilters {
  account: string | null;
  region: string | null;
  days: number;
}

export const queryKeys = {
  status: ["status"] as const,
  runs: (limit: number) => ["collection-runs", { limit }] as const,
  runsAll: ["collection-runs"] as const,
  run: (id: number) => ["collection-run", id] as const,
  overviewAll: ["overview"] as const,
  overview: (filters: OverviewFilters) => ["overview", filters] as const,
  regionsAll: ["regions"] as const,
  regions: (filters: RegionsFilters) => ["regions", filters] as const,
  instancesAll: ["instances"] as const,
  instances: (query: string) => ["instances", query] as const,
  instance: (id: string) => ["instance", id] as const,
  instanceAlarm: (instanceId: string) => ["instance-alarm", instanceId] as const,
  /** The accounts, regions, teams and states the filters offer (instances, alerts, audit). */
  filterOptions: ["filter-options"] as const,
  auditAll: ["audit"] as const,
  audit: (query: string) => ["audit", query] as const,
  alertsAll: ["alerts"] as const,
  alerts: (query: string) => ["alerts", query] as const,
  alertCount: ["alerts", "count"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: ["webhook-deliveries"] as const,
  users: ["users"] as const,
  reports: ["reports"] as const,
  guardWaiversAll: ["guard-waivers"] as const,
  guardWaivers: (query: string) => ["guard-waivers", query] as const,
};
