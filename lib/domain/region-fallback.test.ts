import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseFallbackRegions, describeRegionFallback } from "./region-fallback";

describe("chooseFallbackRegions", () => {
  it("prefers AWS_REGIONS over the other accounts' regions", () => {
    expect(
      chooseFallbackRegions({ configured: ["eu-west-1", "us-east-1"], otherAccountsRegions: [["ap-south-1"]] }),
    ).toEqual({ source: "configured", regions: ["eu-west-1", "us-east-1"] });
  });

  it("falls back to the union of the other accounts' regions, sorted, without repeats", () => {
    expect(
      chooseFallbackRegions({
        configured: [],
        otherAccountsRegions: [
          ["us-west-2", "us-east-1"],
          ["us-east-1", "eu-south-1"],
        ],
      }),
    ).toEqual({ source: "other-accounts", regions: ["eu-south-1", "us-east-1", "us-west-2"] });
  });

  it("has no regions when neither source has any", () => {
    expect(chooseFallbackRegions({ configured: [], otherAccountsRegions: [] })).toEqual({
      source: "none",
      regions: [],
    });
    expect(chooseFallbackRegions({ configured: [], otherAccountsRegions: [[], []] })).toEqual({
      source: "none",
      regions: [],
    });
  });

  it("never loses a region of the chosen source and never invents one", () => {
    const region = fc.constantFrom("us-east-1", "us-west-2", "eu-west-1", "ap-south-1", "sa-east-1");
    fc.assert(
      fc.property(fc.array(region), fc.array(fc.array(region)), (configured, otherAccountsRegions) => {
        const choice = chooseFallbackRegions({ configured, otherAccountsRegions });
        const expected = new Set(configured.length > 0 ? configured : otherAccountsRegions.flat());
        expect(new Set(choice.regions)).toEqual(expected);
        expect(choice.regions).toHaveLength(expected.size);
        expect(choice.source).toBe(
          configured.length > 0 ? "configured" : expected.size > 0 ? "other-accounts" : "none",
        );
      }),
    );
  });
});

describe("describeRegionFallback", () => {
  it("names the source and the count, and explains a missing fallback", () => {
    expect(describeRegionFallback({ source: "configured", regions: ["us-east-1"] })).toBe(
      "collected the 1 region in AWS_REGIONS instead",
    );
    expect(describeRegionFallback({ source: "other-accounts", regions: ["us-east-1", "us-west-2"] })).toBe(
      "collected the 2 regions enabled in the organisation's other accounts instead",
    );
    expect(describeRegionFallback({ source: "none", regions: [] })).toMatch(/never attempted: AWS_REGIONS is not set/);
  });
});
