import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainHttpTokens, type PrecedenceFacts } from "./precedence";

const facts = (changes: Partial<PrecedenceFacts> & { httpTokens?: string } = {}): PrecedenceFacts => {
  const { httpTokens = "optional", ...rest } = changes;
  return {
    instance: { httpTokens, launchTemplateId: "lt-0abc", launchTemplateVersion: "3", imageId: "ami-123" },
    template: { name: "web", versionNumber: 3, httpTokens: "optional" },
    regionDefault: { httpTokens: "required", managedBy: "account" },
    image: { imageId: "ami-123", imdsSupport: null },
    changedAfterLaunch: null,
    ...rest,
  };
};
const AT = new Date(Date.UTC(2026, 10, 20, 14, 5));

describe("explainHttpTokens", () => {
  it("credits the launch template first (the issue's example)", () => {
    const result = explainHttpTokens(facts());
    expect(result).toMatchObject({ verdict: "optional", decidedBy: "launch-template" });
    expect(result.summary).toBe(
      "optional because launch template web v3 sets http_tokens=optional; the regional default is required; " +
        "the AMI ami-123 has no ImdsSupport",
    );
    expect(result.steps.map((step) => [step.source, step.value, step.decides])).toEqual([
      ["launch-template", "optional", true],
      ["regional-default", "required", false],
      ["ami", null, false],
      ["ec2-default", "optional", false],
    ]);
  });

  it("falls to the regional default when the template does not set http_tokens", () => {
    const result = explainHttpTokens(
      facts({
        httpTokens: "required",
        template: { name: "web", versionNumber: 4, httpTokens: null },
        regionDefault: { httpTokens: "required", managedBy: "declarative-policy" },
      }),
    );
    expect(result.decidedBy).toBe("regional-default");
    expect(result.summary).toBe(
      "required because the regional default is required (pinned by a declarative policy); " +
        "launch template web v4 does not set http_tokens; the AMI ami-123 has no ImdsSupport",
    );
  });

  it("falls to the AMI's ImdsSupport, then to EC2's default", () => {
    const ami = explainHttpTokens(
      facts({
        httpTokens: "required",
        instance: { httpTokens: "required", launchTemplateId: null, launchTemplateVersion: null, imageId: "ami-9" },
        template: null,
        regionDefault: { httpTokens: null, managedBy: null },
        image: { imageId: "ami-9", imdsSupport: "v2.0" },
      }),
    );
    expect(ami.decidedBy).toBe("ami");
    expect(ami.summary).toBe(
      "required because the AMI ami-9 has ImdsSupport v2.0 (required); no launch template; no regional default is set",
    );
    const ec2 = explainHttpTokens(
      facts({
        instance: { httpTokens: "optional", launchTemplateId: null, launchTemplateVersion: null, imageId: "ami-1" },
        template: null,
        regionDefault: { httpTokens: null, managedBy: null },
        image: { imageId: "ami-1", imdsSupport: null },
      }),
    );
    expect(ec2.decidedBy).toBe("ec2-default");
    expect(ec2.summary).toBe(
      "optional because EC2's own default is optional; no launch template; no regional default is set; " +
        "the AMI ami-1 has no ImdsSupport",
    );
  });

  it("treats no-preference and other non-values as not set", () => {
    const result = explainHttpTokens(
      facts({
        httpTokens: "required",
        template: { name: null, versionNumber: 2, httpTokens: "no-preference" },
        regionDefault: { httpTokens: "no-preference", managedBy: null },
        image: { imageId: "ami-123", imdsSupport: "v2.0" },
      }),
    );
    expect(result.decidedBy).toBe("ami");
    // Without a template name the id names it.
    expect(result.summary).toContain("launch template lt-0abc v2 does not set http_tokens");
  });

  it("credits a recorded change after launch", () => {
    const result = explainHttpTokens(
      facts({
        httpTokens: "required",
        changedAfterLaunch: { at: AT, from: "optional", to: "required", source: "observed" },
      }),
    );
    expect(result.decidedBy).toBe("modified-after-launch");
    expect(result.summary).toBe(
      "required because it was changed from optional to required on 2026-11-20 14:05 UTC (seen by a collection); " +
        "the launch-time rules give optional (launch template web v3 sets http_tokens=optional)",
    );
    expect(result.steps[0]).toMatchObject({ source: "modified-after-launch", value: "required", decides: true });
    expect(result.steps.filter((step) => step.decides)).toHaveLength(1);

    const trail = explainHttpTokens(
      facts({
        httpTokens: "required",
        changedAfterLaunch: { at: AT, from: null, to: "required", source: "cloudtrail" },
      }),
    );
    expect(trail.summary).toMatch(
      /^required because it was changed to required on 2026-11-20 14:05 UTC \(ModifyInstanceMetadataOptions in CloudTrail\)/,
    );
  });

  it("ignores the collector's first sighting, which is not a change", () => {
    const result = explainHttpTokens(
      facts({ changedAfterLaunch: { at: AT, from: null, to: "optional", source: "observed" } }),
    );
    expect(result.decidedBy).toBe("launch-template");
  });

  it("says honestly when the value differs from the launch rules and no change is on record", () => {
    const result = explainHttpTokens(facts({ template: { name: "web", versionNumber: 3, httpTokens: "required" } }));
    expect(result.decidedBy).toBe("modified-after-launch");
    expect(result.summary).toBe(
      "optional, but the launch-time rules give required (launch template web v3 sets http_tokens=required): " +
        "it was changed after launch or set by launch parameters (no record of when)",
    );
    expect(result.steps[0]).toMatchObject({ source: "modified-after-launch", value: "optional", decides: true });

    const regional = explainHttpTokens(
      facts({ template: null, instance: { ...facts().instance, launchTemplateId: null } }),
    );
    expect(regional.summary).toContain(
      "the regional default applies to new launches only and may have been different at launch",
    );

    const stale = explainHttpTokens(
      facts({
        template: { name: "web", versionNumber: 3, httpTokens: "required" },
        changedAfterLaunch: { at: AT, from: "optional", to: "required", source: "observed" },
      }),
    );
    expect(stale.summary).toContain(
      "changed after launch again, after the recorded change to required on 2026-11-20 14:05 UTC",
    );
  });

  it("points at a source it could not read when the known rules do not explain the value", () => {
    const result = explainHttpTokens(facts({ template: null }));
    expect(result.decidedBy).toBe("launch-template");
    expect(result.summary).toBe(
      "optional: launch template lt-0abc v3 was not read, so it most likely set optional (or the value was changed " +
        "after launch); the known rules give required (the regional default is required)",
    );
  });

  it("mentions unread sources even when the prediction agrees", () => {
    const result = explainHttpTokens(facts({ httpTokens: "required", template: null }));
    expect(result.decidedBy).toBe("regional-default");
    expect(result.summary).toContain("launch template lt-0abc v3 was not read");
  });

  const tokens = fc.constantFrom("optional", "required", "no-preference", null);
  const arbitraryFacts: fc.Arbitrary<PrecedenceFacts> = fc.record({
    instance: fc.record({
      httpTokens: fc.constantFrom("optional", "required"),
      launchTemplateId: fc.option(fc.constant("lt-1"), { nil: null }),
      launchTemplateVersion: fc.option(fc.constantFrom("1", "7"), { nil: null }),
      imageId: fc.option(fc.constant("ami-1"), { nil: null }),
    }),
    template: fc.option(
      fc.record({ name: fc.option(fc.constant("web"), { nil: null }), versionNumber: fc.nat(9), httpTokens: tokens }),
      { nil: null },
    ),
    regionDefault: fc.option(
      fc.record({ httpTokens: tokens, managedBy: fc.constantFrom("account", "declarative-policy", null) }),
      { nil: null },
    ),
    image: fc.option(fc.record({ imageId: fc.constant("ami-1"), imdsSupport: fc.constantFrom("v2.0", null) }), {
      nil: null,
    }),
    changedAfterLaunch: fc.option(
      fc.record({
        at: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0)), noInvalidDate: true }),
        from: fc.constantFrom("optional", "required", null),
        to: fc.constantFrom("optional", "required"),
        source: fc.constantFrom("observed" as const, "cloudtrail" as const),
      }),
      { nil: null },
    ),
  });

  it("always names exactly one deciding step, which is decidedBy, and starts the summary with the verdict", () => {
    fc.assert(
      fc.property(arbitraryFacts, (value) => {
        const result = explainHttpTokens(value);
        expect(result.verdict).toBe(value.instance.httpTokens);
        const deciding = result.steps.filter((step) => step.decides);
        expect(deciding).toHaveLength(1);
        expect(deciding[0]!.source).toBe(result.decidedBy);
        expect(result.summary.startsWith(value.instance.httpTokens)).toBe(true);
        // A launch step is only credited when it says the current value (or could not be read).
        if (result.decidedBy !== "modified-after-launch" && deciding[0]!.value !== null) {
          expect(deciding[0]!.value).toBe(value.instance.httpTokens);
        }
        expect(result.steps.map((step) => step.source).slice(-4)).toEqual([
          "launch-template",
          "regional-default",
          "ami",
          "ec2-default",
        ]);
      }),
    );
  });
});
