// What a run could not cover because an account's regions could not be listed: shared by the
// progress card, the runs table and the outcomes table so they say the same thing.
import type { RegionFallback, RunSummary, UnitSummary } from "@/lib/domain/collection-run";

/** The sentence under a run's progress bar when some accounts' regions were never attempted, else null. */
export function describeNeverAttempted(run: Pick<RunSummary, "accountsNotAttempted">): string | null {
  const n = run.accountsNotAttempted;
  if (n === 0) return null;
  const accounts = n === 1 ? "1 account" : `${n} accounts`;
  return (
    `The regions of ${accounts} were never attempted, so how many account-regions were missed is unknown: ` +
    `DescribeRegions failed there, AWS_REGIONS is not set and no other account's regions could be listed. ` +
    `Set AWS_REGIONS or allow ec2:DescribeRegions to collect them.`
  );
}

const FALLBACK_LABELS: Record<RegionFallback, string> = {
  configured: "regions taken from AWS_REGIONS",
  "other-accounts": "regions taken from the other accounts",
  none: "regions never attempted",
};

/** The second line of a unit's region cell: what a discovery row stands for, null for an account-region. */
export function unitScopeLabel(unit: Pick<UnitSummary, "kind" | "regionFallback">): string | null {
  if (unit.kind !== "discovery") return null;
  return `listing the account's regions${unit.regionFallback ? ` · ${FALLBACK_LABELS[unit.regionFallback]}` : ""}`;
}

/** The runs table's note after its account-region counts, e.g. "1 region listing failed, 1 account never attempted". */
export function regionListingNote(
  run: Pick<RunSummary, "regionListingsFailed" | "accountsNotAttempted">,
): string | null {
  if (run.regionListingsFailed === 0) return null;
  const listings = `${run.regionListingsFailed} region listing${run.regionListingsFailed === 1 ? "" : "s"} failed`;
  if (run.accountsNotAttempted === 0) return listings;
  return `${listings}, ${run.accountsNotAttempted} account${run.accountsNotAttempted === 1 ? "" : "s"} never attempted`;
}
