// Collector settings for integration tests: every account of the simulated organization, all its
// regions, 30 days of metrics. Tests override what they exercise.
import type { CollectorSettings } from "./run-collection";

export function testCollectorSettings(overrides: Partial<CollectorSettings> = {}): CollectorSettings {
  return {
    regions: [],
    accountIds: [],
    useOrganizations: true,
    assumeRoleName: "IMDSDashboardReadOnly",
    concurrency: 3,
    backfillDays: 30,
    hourlyHours: 48,
    readinessWindowDays: 14,
    historyDays: 90,
    ...overrides,
  };
}
