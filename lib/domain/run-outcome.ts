// A finished run's status and the one sentence the runs page shows for it. A failed listing of an
// account's regions is named with its code, account and region even when every region collected,
// because the fallback regions may not be all the regions that account has.
import type { RunStatus } from "./collection-run";
import { describeRegionFallback, type RegionFallbackChoice } from "./region-fallback";

export interface DiscoveryFailure {
  accountId: string;
  /** The region DescribeRegions was called in (the home region). */
  region: string;
  code: string;
  fallback: RegionFallbackChoice;
}

export interface RunOutcome {
  status: Extract<RunStatus, "succeeded" | "partial" | "failed">;
  error: string | null;
  regionListingsFailed: number;
  /** Accounts none of whose regions was attempted (discovery failed, nothing to fall back on). */
  accountsNotAttempted: number;
}

/** Discovery failures named one by one before the rest are only counted, to keep the line readable. */
const NAMED_DISCOVERY_FAILURES = 3;

export function runOutcome(input: {
  collectUnits: number;
  failedCollectUnits: number;
  discoveryFailures: readonly DiscoveryFailure[];
}): RunOutcome {
  const discovery = input.discoveryFailures;
  const total = input.collectUnits + discovery.length;
  const failed = input.failedCollectUnits + discovery.length;
  const accountsNotAttempted = discovery.filter((failure) => failure.fallback.source === "none").length;
  const problems = discovery
    .slice(0, NAMED_DISCOVERY_FAILURES)
    .map(
      (failure) =>
        `${failure.code}: could not list the regions of account ${failure.accountId} in ${failure.region}; ` +
        describeRegionFallback(failure.fallback),
    );
  const unnamed = discovery.length - NAMED_DISCOVERY_FAILURES;
  if (unnamed > 0) {
    problems.push(
      `${unnamed} more account${unnamed === 1 ? "" : "s"} could not list ${unnamed === 1 ? "its" : "their"} regions`,
    );
  }
  // One named account already says its regions were never attempted; more need the total.
  if (accountsNotAttempted > 1 || (accountsNotAttempted === 1 && unnamed > 0)) {
    problems.push(
      `the regions of ${accountsNotAttempted} account${accountsNotAttempted === 1 ? " were" : "s were"} never attempted`,
    );
  }
  if (input.failedCollectUnits > 0) {
    problems.push(`${input.failedCollectUnits} of ${input.collectUnits} account-regions failed`);
  }
  return {
    status: total > 0 && failed === total ? "failed" : failed > 0 ? "partial" : "succeeded",
    error: problems.length > 0 ? problems.join("; ") : null,
    regionListingsFailed: discovery.length,
    accountsNotAttempted,
  };
}
