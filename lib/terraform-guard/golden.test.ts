import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateGuard } from "./evaluate";
import { parsePlanText } from "./plan";
import { POLICY_IDS, type PolicyId } from "./policies";
import { renderJsonReport } from "./render-json";
import { renderSarifReport } from "./render-sarif";
import { renderTextReport } from "./render-text";

// The fixture corpus: plan JSON in fixtures/plans, the expected text / JSON / SARIF reports in
// fixtures/golden. UPDATE_GOLDEN=1 rewrites the goldens (review the diff!); the verdict table below
// is asserted independently, so a wrong golden cannot hide a wrong verdict.

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const PLANS = path.join(FIXTURES, "plans");
const GOLDEN = path.join(FIXTURES, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

const load = (name: string) => parsePlanText(readFileSync(path.join(PLANS, `${name}.json`), "utf8"), `${name}.json`);

function golden(file: string, actual: string) {
  const target = path.join(GOLDEN, file);
  if (update) writeFileSync(target, actual);
  expect(actual, file).toBe(readFileSync(target, "utf8"));
}

type Verdicts = Record<PolicyId, string[]>;
const v = (seed: string[], defaults: string[] = [], templates: string[] = [], configs: string[] = []): Verdicts => ({
  "ec2-metadata-imdsv2-required": seed,
  "ec2-instance-metadata-defaults-imdsv2-required": defaults,
  "ec2-launch-template-imdsv2-required": templates,
  "autoscaling-launch-config-imdsv2-required": configs,
});

/**
 * Per fixture, per policy: the violating addresses (with :unknown when an imds-guard policy cannot
 * prove it before apply; the seed policy reads planned values only, so it never says unknown).
 */
const EXPECTED: Record<string, Verdicts> = {
  "seed-pass": v([]),
  "seed-fail": v(["aws_instance.example"]),
  // The case the seed policy exists for: no metadata_options (after_unknown has it as true).
  "defaults-required": v([]),
  "defaults-absent": v(["aws_instance.example"]),
  "defaults-optional": v(["aws_instance.example"], ["aws_ec2_instance_metadata_defaults.enforce"]),
  "defaults-mixed": v(["aws_instance.example"], ["aws_ec2_instance_metadata_defaults.b"]),
  "defaults-unset": v(["aws_instance.example"], ["aws_ec2_instance_metadata_defaults.enforce"]),
  "block-overrides-defaults": v(["aws_instance.optional", "aws_instance.unset"]),
  "modules-count-for-each": v(
    ["aws_instance.bastion[1]", 'module.batch["eu"].aws_instance.worker["b"]', "module.web.aws_instance.app[1]"],
    [],
    ['module.batch["us"].module.lt.aws_launch_template.this'],
  ),
  // The defaults resource's http_tokens is unknown, so absent: not "required" for the seed policy.
  "after-unknown": v(
    ["aws_instance.block_unknown", "aws_instance.tokens_unknown"],
    ["aws_ec2_instance_metadata_defaults.enforce:unknown"],
    ["aws_launch_template.lt:unknown"],
  ),
  deletes: v([]),
  "launch-templates-and-configurations": v(
    [],
    [],
    ["aws_launch_template.no_options:unknown", "aws_launch_template.optional"],
    ["aws_launch_configuration.legacy:unknown"],
  ),
  // The seed filters by type only: a data source read during apply is in planned_values and counts.
  "data-sources": v(["data.aws_instance.peer"]),
  empty: v([]),
};

const fixtures = readdirSync(PLANS)
  .filter((name) => name.endsWith(".json"))
  .map((name) => name.slice(0, -5))
  .sort();

describe("fixture corpus", () => {
  it("has an expected verdict for every fixture and a fixture for every expectation", () => {
    expect(fixtures).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(fixtures)("%s", (name) => {
    const report = evaluateGuard(load(name), { now: Date.UTC(2026, 10, 22) });

    it("gives the expected verdicts", () => {
      const actual = Object.fromEntries(
        report.policies.map((result) => [
          result.policy,
          result.violations.map((finding) => `${finding.address}${finding.status === "unknown" ? ":unknown" : ""}`),
        ]),
      );
      expect(actual).toEqual(EXPECTED[name]);
      expect(report.pass).toBe(Object.values(EXPECTED[name]!).every((list) => list.length === 0));
      for (const result of report.policies) expect(result.pass).toBe(result.violations.length === 0);
    });

    it("renders the golden text, JSON and SARIF reports", () => {
      golden(`${name}.txt`, renderTextReport(report));
      golden(`${name}.json`, renderJsonReport(report, `${name}.json`));
      golden(`${name}.sarif.json`, renderSarifReport(report, `${name}.json`, "0.0.0-test"));
    });
  });
});

describe("the seed policy alone", () => {
  it.each(["pass", "fail"])("prints the seed document's %s trace character for character", (outcome) => {
    const report = evaluateGuard(load(`seed-${outcome}`), { policies: ["ec2-metadata-imdsv2-required"] });
    expect(renderTextReport(report)).toBe(readFileSync(path.join(FIXTURES, `seed-${outcome}.trace.txt`), "utf8"));
  });

  it("groups violations by module (sorted), one Module name line per module, addresses in natural order", () => {
    const report = evaluateGuard(load("modules-count-for-each"), { policies: ["ec2-metadata-imdsv2-required"] });
    const text = renderTextReport(report);
    expect(text.match(/→ Module name: .*/g)).toEqual([
      '→ Module name: module.batch["eu"]',
      "→ Module name: module.web",
      "→ Module name: root",
    ]);
    expect(text).toContain("Found 3 resource violations\n\n    → Module name:");
  });
});

describe("SARIF", () => {
  it("is 2.1.0 with one rule per policy carrying its Security Hub control, results located by resource address", () => {
    const sarif = JSON.parse(
      renderSarifReport(evaluateGuard(load("launch-templates-and-configurations")), "plan.json", "1.2.3"),
    );
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(
      run.tool.driver.rules.map((rule: { id: string; properties: { securityHubControl: string } }) => [
        rule.id,
        rule.properties.securityHubControl,
      ]),
    ).toEqual([
      ["ec2-metadata-imdsv2-required", "EC2.8"],
      ["ec2-instance-metadata-defaults-imdsv2-required", "EC2.8"],
      ["ec2-launch-template-imdsv2-required", "EC2.170"],
      ["autoscaling-launch-config-imdsv2-required", "AutoScaling.3"],
    ]);
    expect(
      run.results.map(
        (result: {
          ruleId: string;
          ruleIndex: number;
          locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
        }) => [
          result.ruleId,
          POLICY_IDS[result.ruleIndex],
          result.locations[0]!.logicalLocations[0]!.fullyQualifiedName,
        ],
      ),
    ).toEqual([
      ["ec2-launch-template-imdsv2-required", "ec2-launch-template-imdsv2-required", "aws_launch_template.no_options"],
      ["ec2-launch-template-imdsv2-required", "ec2-launch-template-imdsv2-required", "aws_launch_template.optional"],
      [
        "autoscaling-launch-config-imdsv2-required",
        "autoscaling-launch-config-imdsv2-required",
        "aws_launch_configuration.legacy",
      ],
    ]);
  });
});
