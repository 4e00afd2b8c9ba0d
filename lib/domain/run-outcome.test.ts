import { describe, expect, it } from "vitest";
import { runOutcome, type DiscoveryFailure } from "./run-outcome";

const denied = (accountId: string, source: DiscoveryFailure["fallback"]["source"], regions: string[] = []) => ({
  accountId,
  region: "us-east-1",
  code: "UnauthorizedOperation",
  fallback: { source, regions },
});

describe("runOutcome", () => {
  it("succeeds with no error when nothing failed", () => {
    expect(runOutcome({ collectUnits: 4, failedCollectUnits: 0, discoveryFailures: [] })).toEqual({
      status: "succeeded",
      error: null,
      regionListingsFailed: 0,
      accountsNotAttempted: 0,
    });
  });

  it("counts failed account-regions as before", () => {
    expect(runOutcome({ collectUnits: 4, failedCollectUnits: 1, discoveryFailures: [] })).toEqual({
      status: "partial",
      error: "1 of 4 account-regions failed",
      regionListingsFailed: 0,
      accountsNotAttempted: 0,
    });
    expect(runOutcome({ collectUnits: 4, failedCollectUnits: 4, discoveryFailures: [] }).status).toBe("failed");
  });

  it("is partial and names the code, account and region of a failed listing even when every region collected", () => {
    const outcome = runOutcome({
      collectUnits: 4,
      failedCollectUnits: 0,
      discoveryFailures: [denied("222233334444", "other-accounts", ["us-east-1", "us-west-2"])],
    });
    expect(outcome).toEqual({
      status: "partial",
      error:
        "UnauthorizedOperation: could not list the regions of account 222233334444 in us-east-1; " +
        "collected the 2 regions enabled in the organisation's other accounts instead",
      regionListingsFailed: 1,
      accountsNotAttempted: 0,
    });
  });

  it("counts and explains accounts whose regions were never attempted", () => {
    const one = runOutcome({ collectUnits: 2, failedCollectUnits: 0, discoveryFailures: [denied("1", "none")] });
    expect(one.status).toBe("partial");
    expect(one.accountsNotAttempted).toBe(1);
    expect(one.error).toMatch(/account 1 in us-east-1; its regions were never attempted: AWS_REGIONS is not set/);

    const all = runOutcome({
      collectUnits: 0,
      failedCollectUnits: 0,
      discoveryFailures: [denied("1", "none"), denied("2", "none")],
    });
    expect(all.status).toBe("failed");
    expect(all.accountsNotAttempted).toBe(2);
    expect(all.error).toMatch(/; the regions of 2 accounts were never attempted$/);
  });

  it("names three failed listings and counts the rest, keeping the never-attempted total", () => {
    const outcome = runOutcome({
      collectUnits: 10,
      failedCollectUnits: 2,
      discoveryFailures: [
        denied("1", "other-accounts", ["us-east-1"]),
        denied("2", "other-accounts", ["us-east-1"]),
        denied("3", "other-accounts", ["us-east-1"]),
        denied("4", "none"),
        denied("5", "other-accounts", ["us-east-1"]),
      ],
    });
    expect(outcome.error?.split("; ").slice(-3)).toEqual([
      "2 more accounts could not list their regions",
      "the regions of 1 account were never attempted",
      "2 of 10 account-regions failed",
    ]);
    expect(outcome.error).not.toMatch(/account 4/);
    expect(outcome.accountsNotAttempted).toBe(1);
    expect(outcome.regionListingsFailed).toBe(5);
    expect(outcome.status).toBe("partial");
  });
});
