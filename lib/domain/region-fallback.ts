// Which regions to collect for an account whose DescribeRegions failed. Without a fallback its
// instances would be silently missing from every figure, so the account's regions are still tried.
import type { RegionFallback } from "./collection-run";

export interface RegionFallbackChoice {
  source: RegionFallback;
  regions: string[];
}

/**
 * AWS_REGIONS when set (the operator named the regions), else the union of the regions the
 * organisation's other accounts listed (enabled regions are mostly the same across an organisation),
 * else none: the account's regions are never attempted and the run must say so.
 */
export function chooseFallbackRegions(input: {
  configured: readonly string[];
  otherAccountsRegions: readonly (readonly string[])[];
}): RegionFallbackChoice {
  if (input.configured.length > 0) return { source: "configured", regions: sortedUnique(input.configured) };
  const union = sortedUnique(input.otherAccountsRegions.flat());
  if (union.length > 0) return { source: "other-accounts", regions: union };
  return { source: "none", regions: [] };
}

function sortedUnique(regions: readonly string[]): string[] {
  return [...new Set(regions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The sentence a failed discovery unit and the run's error use for what happened next. */
export function describeRegionFallback(choice: RegionFallbackChoice): string {
  const count = `${choice.regions.length} region${choice.regions.length === 1 ? "" : "s"}`;
  switch (choice.source) {
    case "configured":
      return `collected the ${count} in AWS_REGIONS instead`;
    case "other-accounts":
      return `collected the ${count} enabled in the organisation's other accounts instead`;
    case "none":
      return "its regions were never attempted: AWS_REGIONS is not set and no other account's regions could be listed";
  }
}
