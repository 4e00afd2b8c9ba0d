import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "./errors";
import { evaluateGuard } from "./evaluate";
import { evaluatePlanText } from "./index";
import { lineColumn } from "./json-text";
import type { LiveFacts } from "./live";
import { parsePlanText } from "./plan";
import { renderTextReport } from "./render-text";
import type { Waiver } from "./waivers";
import { parseWaiversFile } from "./waivers-file";

const PLANS = path.join(import.meta.dirname, "fixtures", "plans");
const planText = (name: string) => readFileSync(path.join(PLANS, `${name}.json`), "utf8");
const load = (name: string) => parsePlanText(planText(name), `${name}.json`);
const NOW = Date.UTC(2026, 10, 22, 12);
const SEED = "ec2-metadata-imdsv2-required" as const;

function errorOf(text: string, source = "plan.json"): string {
  const outcome = evaluatePlanText(text, source);
  if (outcome.ok) throw new Error("expected an InputError");
  return outcome.error.message;
}

describe("unreadable input", () => {
  it("names the line and column where the JSON breaks", () => {
    expect(errorOf('{\n  "planned_values": {\n    "root_module": {,\n')).toBe(
      "plan.json: not valid JSON at line 3 column 21",
    );
    expect(errorOf('{"a": 1')).toMatch(/^plan\.json: not valid JSON at line 1 column \d+$/);
    expect(errorOf("")).toBe("plan.json: is empty (expected the JSON of `terraform show -json plan.out`)");
  });

  it("names the JSON path that has the wrong shape", () => {
    const plan = JSON.parse(planText("modules-count-for-each"));
    plan.planned_values.root_module.resources[3].values = "oops";
    expect(errorOf(JSON.stringify(plan))).toBe(
      'plan.json: $.planned_values.root_module.resources[3].values: expected an object, found a string ("oops")',
    );
    plan.planned_values.root_module.resources[3].values = {};
    plan.planned_values.root_module.child_modules[2].child_modules[0].resources[0].address = 7;
    expect(errorOf(JSON.stringify(plan))).toBe(
      "plan.json: $.planned_values.root_module.child_modules[2].child_modules[0].resources[0].address: expected a string, found a number (7)",
    );
    expect(errorOf("[]")).toBe("plan.json: $: expected an object, found an array");
    expect(errorOf('{"values": {}}')).toMatch(
      /^plan\.json: \$\.planned_values: missing \(this looks like state output/,
    );
    expect(errorOf('{"planned_values": {}, "resource_changes": [{"address": "x", "change": 3}]}')).toBe(
      "plan.json: $.resource_changes[0].change: expected an object, found a number (3)",
    );
  });

  it("computes line and column from an offset", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab", 99)).toEqual({ line: 1, column: 3 });
  });
});

describe("property: the engine never crashes", () => {
  const verdictOrInputError = (text: string) => {
    const outcome = evaluatePlanText(text, "fuzz.json");
    if (outcome.ok) {
      expect(typeof outcome.report.pass).toBe("boolean");
      expect(typeof renderTextReport(outcome.report)).toBe("string");
    } else {
      expect(outcome.error).toBeInstanceOf(InputError);
      expect(outcome.error.message.startsWith("fuzz.json: ")).toBe(true);
    }
  };

  it("arbitrary JSON values give a verdict or an InputError", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => verdictOrInputError(JSON.stringify(value))),
      { numRuns: 500 },
    );
  });

  it("arbitrary strings give a verdict or an InputError", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), verdictOrInputError), { numRuns: 500 });
  });

  it("plans with any part replaced by an arbitrary JSON value give a verdict or an InputError", () => {
    const base = JSON.parse(planText("modules-count-for-each"));
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, at: (string | number)[]) => {
      paths.push(at);
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
      else if (value && typeof value === "object")
        for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
    };
    walk(base, []);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths.filter((at) => at.length > 0)),
        fc.jsonValue({ maxDepth: 3 }),
        (at, replacement) => {
          const plan = structuredClone(base);
          let parent = plan;
          for (const step of at.slice(0, -1)) parent = parent[step];
          parent[at.at(-1)!] = replacement;
          verdictOrInputError(JSON.stringify(plan));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a plan with __proto__ keys and deep nesting is read as data", () => {
    verdictOrInputError('{"planned_values": {"root_module": {"__proto__": {"resources": 1}}}}');
    verdictOrInputError(`{"planned_values": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
  });
});

describe("modules nested without a depth limit", () => {
  const instance = (tokens: string) => ({
    address: "IGNORED",
    mode: "managed",
    type: "aws_instance",
    name: "deep",
    values: { metadata_options: [{ http_tokens: tokens }] },
  });
  /** A plan whose only instance sits in a module nested `depth` deep (module.m0.module.m1...). */
  const deepPlan = (depth: number, tokens: string) => {
    let address = "";
    const chain: { address: string; resources?: unknown[]; child_modules?: unknown[] }[] = [];
    for (let i = 0; i < depth; i++) {
      address = `${address ? `${address}.` : ""}module.m${i}`;
      chain.push({ address });
    }
    chain.at(-1)!.resources = [{ ...instance(tokens), address: `${address}.aws_instance.deep` }];
    for (let i = depth - 1; i > 0; i--) chain[i - 1]!.child_modules = [chain[i]];
    return { address, text: JSON.stringify({ planned_values: { root_module: { child_modules: [chain[0]] } } }) };
  };

  it("a 1,000-deep module plan passes or fails on its merits", () => {
    const passing = deepPlan(1000, "required");
    const pass = evaluatePlanText(passing.text, "deep.json", { policies: [SEED] });
    expect(pass.ok && pass.report.pass).toBe(true);
    expect(pass.ok && pass.report.policies[0]!.checked).toBe(1);

    const failing = deepPlan(1000, "optional");
    const fail = evaluatePlanText(failing.text, "deep.json", { policies: [SEED] });
    if (!fail.ok) throw fail.error;
    expect(fail.report.pass).toBe(false);
    expect(fail.report.policies[0]!.violations.map((finding) => [finding.module, finding.address])).toEqual([
      [failing.address, `${failing.address}.aws_instance.deep`],
    ]);
  });
});

describe("property: the seed policy's verdict depends only on planned_values", () => {
  const tokens = fc.constantFrom("required", "optional", "", "REQUIRED");
  const block = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constant([]),
    fc.array(fc.record({ http_tokens: tokens, http_endpoint: fc.constant("enabled") }, { requiredKeys: [] }), {
      minLength: 1,
      maxLength: 2,
    }),
  );
  const resource = fc.record({
    type: fc.constantFrom("aws_instance", "aws_ec2_instance_metadata_defaults", "aws_launch_template", "aws_s3_bucket"),
    mode: fc.constantFrom("managed", "data"),
    metadataOptions: block,
    httpTokens: fc.option(tokens, { nil: undefined }),
    module: fc.constantFrom(null, "module.a", 'module.b["x"]'),
  });
  const unknownTree = fc.oneof(
    fc.constant(true),
    fc.constant({ metadata_options: true }),
    fc.constant({ metadata_options: [{ http_tokens: true }], http_tokens: true }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  type Generated = {
    type: string;
    mode: string;
    metadataOptions: unknown;
    httpTokens: string | undefined;
    module: string | null;
  };
  const toPlanned = (resources: Generated[]) =>
    resources.map((r, i) => {
      const local = `${r.mode === "data" ? "data." : ""}${r.type}.r${i}`;
      const values: Record<string, unknown> = {};
      if (r.metadataOptions !== undefined) values.metadata_options = r.metadataOptions;
      if (r.httpTokens !== undefined) values.http_tokens = r.httpTokens;
      return {
        module: r.module,
        resource: {
          address: r.module ? `${r.module}.${local}` : local,
          mode: r.mode,
          type: r.type,
          name: `r${i}`,
          values,
        },
      };
    });
  const planText = (planned: ReturnType<typeof toPlanned>, extra: Record<string, unknown>) => {
    const modules = [...new Set(planned.map((p) => p.module).filter((m) => m !== null))];
    return JSON.stringify({
      planned_values: {
        root_module: {
          resources: planned.filter((p) => p.module === null).map((p) => p.resource),
          child_modules: modules.map((address) => ({
            address,
            resources: planned.filter((p) => p.module === address).map((p) => p.resource),
          })),
        },
      },
      ...extra,
    });
  };
  /** The Sentinel source, line for line, over the generated planned values. */
  const sentinelViolations = (planned: ReturnType<typeof toPlanned>) => {
    const defaults = planned.filter((p) => p.resource.type === "aws_ec2_instance_metadata_defaults");
    const allRequired = defaults.every((p) => p.resource.values.http_tokens === "required");
    return planned
      .filter((p) => p.resource.type === "aws_instance")
      .filter((p) => {
        const options = p.resource.values.metadata_options;
        if (options === undefined || options === null || (Array.isArray(options) && options.length === 0))
          return !(defaults.length > 0 && allRequired);
        return (options as { http_tokens?: string }[])[0]!.http_tokens !== "required";
      })
      .map((p) => p.resource.address)
      .sort();
  };

  it("matches the Sentinel source, whatever after_unknown, resource_changes and configuration say", () => {
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 8 }),
        fc.array(unknownTree, { maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        (resources, unknowns, configuration) => {
          const planned = toPlanned(resources);
          const changes = planned.map((p, i) => ({
            address: p.resource.address,
            change: { actions: ["create"], after_unknown: unknowns[i] ?? {} },
          }));
          const verdict = (text: string) => {
            const outcome = evaluatePlanText(text, "p.json", { policies: [SEED] });
            if (!outcome.ok) throw outcome.error;
            return outcome.report.policies[0]!.violations.map((finding) => finding.address).sort();
          };
          const expected = sentinelViolations(planned);
          expect(verdict(planText(planned, {}))).toEqual(expected);
          expect(verdict(planText(planned, { resource_changes: changes, configuration }))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("waivers", () => {
  const waiver = (overrides: Partial<Waiver>): Waiver => ({
    id: "1",
    policy: SEED,
    address: "aws_instance.example",
    owner: "Platform team",
    reason: "legacy agent needs IMDSv1 until Q1",
    expiresAt: new Date(NOW + 86_400_000).toISOString(),
    revokedAt: null,
    ...overrides,
  });

  it("an active waiver turns the violation into a waived one and the verdict passes", () => {
    const report = evaluateGuard(load("seed-fail"), { policies: [SEED], waivers: [waiver({})], now: NOW });
    expect(report.pass).toBe(true);
    expect(report.policies[0]!.violations).toEqual([]);
    expect(report.policies[0]!.waived.map((finding) => [finding.address, finding.waiver.owner])).toEqual([
      ["aws_instance.example", "Platform team"],
    ]);
    const text = renderTextReport(report);
    expect(text).toContain("    Pass - ec2-metadata-imdsv2-required.sentinel\n");
    expect(text).toContain(
      "    ✓ Found 0 resource violations\n\n    Waived 1 resource violations\n\n    → Module name: root\n    ↳ Resource Address: aws_instance.example\n        | ~ waived until 2026-11-23 by Platform team (waiver 1): legacy agent needs IMDSv1 until Q1\n",
    );
  });

  it("an expired, revoked, other-policy or other-resource waiver does not apply", () => {
    for (const stale of [
      waiver({ expiresAt: new Date(NOW - 1).toISOString() }),
      waiver({ expiresAt: new Date(NOW).toISOString() }),
      waiver({ revokedAt: new Date(NOW - 1000).toISOString() }),
      waiver({ policy: "ec2-launch-template-imdsv2-required" }),
      waiver({ address: "aws_instance.other" }),
      waiver({ address: "module.x.aws_instance.example" }),
    ]) {
      const report = evaluateGuard(load("seed-fail"), { policies: [SEED], waivers: [stale], now: NOW });
      expect(report.pass, JSON.stringify(stale)).toBe(false);
      expect(report.policies[0]!.waived).toEqual([]);
    }
  });

  it("a waiver without an instance key covers every count / for_each instance", () => {
    const report = evaluateGuard(load("modules-count-for-each"), {
      policies: [SEED],
      waivers: [
        waiver({ address: "aws_instance.bastion" }),
        waiver({ id: "2", address: 'module.batch["eu"].aws_instance.worker' }),
      ],
      now: NOW,
    });
    expect(report.policies[0]!.waived.map((finding) => finding.address)).toEqual([
      "aws_instance.bastion[1]",
      'module.batch["eu"].aws_instance.worker["b"]',
    ]);
    expect(report.policies[0]!.violations.map((finding) => finding.address)).toEqual([
      "module.web.aws_instance.app[1]",
    ]);
  });

  it("reads a waivers file, naming the JSON path of a bad entry", () => {
    const parsed = parseWaiversFile(
      JSON.stringify({
        waivers: [{ policy: SEED, address: "aws_instance.a", owner: "o", reason: "r", expiresAt: "2026-12-31" }],
      }),
      "waivers.json",
    );
    expect(parsed).toEqual([
      expect.objectContaining({ id: "waivers.json#1", expiresAt: "2026-12-31T23:59:59.999Z", revokedAt: null }),
    ]);
    expect(() =>
      parseWaiversFile(
        JSON.stringify([{ policy: "nope", address: "a.b", owner: "o", reason: "r", expiresAt: "2026-12-31" }]),
        "w.json",
      ),
    ).toThrow(/^w\.json: \$\[0\]\.policy: must be one of ec2-metadata-imdsv2-required/);
    expect(() => parseWaiversFile("{", "w.json")).toThrow(/^w\.json: not valid JSON at line 1 column 2$/);
  });
});

describe("live context", () => {
  const facts = (overrides: Partial<LiveFacts>): LiveFacts => ({ regionDefaults: [], images: [], ...overrides });
  const run = (name: string, live: LiveFacts | null, accountId: string | null = null) =>
    evaluateGuard(load(name), { policies: [SEED], live: live ? { facts: live, accountId } : null });

  it("is off by default: the seed's verdict", () => {
    expect(run("defaults-absent", null).pass).toBe(false);
  });

  it("passes on a collected regional default of required, naming it", () => {
    const report = run(
      "defaults-absent",
      facts({ regionDefaults: [{ accountId: "111111111111", region: "eu-west-1", httpTokens: "required" }] }),
    );
    expect(report.pass).toBe(true);
    expect(report.policies[0]!.livePasses).toEqual([
      expect.objectContaining({
        address: "aws_instance.example",
        live: {
          decidedBy: "regional-default",
          text: "live context: the regional default in eu-west-1 is http_tokens=required (account 111111111111)",
        },
      }),
    ]);
    expect(renderTextReport(report)).toContain(
      "    Live context passed 1 resources\n\n    → Module name: root\n    ↳ Resource Address: aws_instance.example\n        | ✓ passed\n        | live context: the regional default in eu-west-1 is http_tokens=required (account 111111111111)\n",
    );
  });

  it("fails when any account's default in the region is optional, unless --account narrows it", () => {
    const both = facts({
      regionDefaults: [
        { accountId: "111111111111", region: "eu-west-1", httpTokens: "required" },
        { accountId: "222222222222", region: "eu-west-1", httpTokens: "optional" },
      ],
    });
    const report = run("defaults-absent", both);
    expect(report.pass).toBe(false);
    expect(report.policies[0]!.violations[0]!.live).toEqual({
      decidedBy: "regional-default",
      text: "live context: the regional default in eu-west-1 is http_tokens=optional (account 222222222222)",
    });
    expect(run("defaults-absent", both, "111111111111").pass).toBe(true);
  });

  it("falls to the AMI's ImdsSupport where no default is set", () => {
    const base = { regionDefaults: [{ accountId: "111111111111", region: "eu-west-1", httpTokens: null }] };
    const image = { accountId: "111111111111", region: "eu-west-1", imageId: "ami-0abc1234def567890" };
    const v2 = run("defaults-absent", facts({ ...base, images: [{ ...image, imdsSupport: "v2.0" }] }));
    expect(v2.pass).toBe(true);
    expect(v2.policies[0]!.livePasses[0]!.live).toEqual({
      decidedBy: "ami",
      text: "live context: no regional default set in eu-west-1 (account 111111111111); AMI ami-0abc1234def567890 has ImdsSupport v2.0",
    });
    const v1 = run("defaults-absent", facts({ ...base, images: [{ ...image, imdsSupport: null }] }));
    expect(v1.policies[0]!.violations[0]!.live?.text).toBe(
      "live context: no regional default set in eu-west-1 (account 111111111111), and AMI ami-0abc1234def567890 has no ImdsSupport v2.0",
    );
    const none = run("defaults-absent", facts({}));
    expect(none.policies[0]!.violations[0]!.live?.text).toBe(
      "live context: no regional default collected for eu-west-1, and AMI ami-0abc1234def567890 was not collected in eu-west-1",
    );
  });

  it("never overrides a defaults resource in the plan, nor an instance's own metadata_options", () => {
    const required = facts({
      regionDefaults: [{ accountId: "111111111111", region: "eu-west-1", httpTokens: "required" }],
    });
    expect(run("defaults-optional", required).pass).toBe(false);
    expect(run("block-overrides-defaults", required).policies[0]!.violations.map((f) => f.address)).toEqual([
      "aws_instance.optional",
      "aws_instance.unset",
    ]);
  });

  it("says so when the provider's region is not a constant", () => {
    const plan = JSON.parse(planText("defaults-absent"));
    delete plan.configuration.provider_config.aws.expressions.region;
    const model = parsePlanText(JSON.stringify(plan), "p.json");
    const report = evaluateGuard(model, {
      policies: [SEED],
      live: {
        facts: facts({ regionDefaults: [{ accountId: "111111111111", region: "eu-west-1", httpTokens: "required" }] }),
        accountId: null,
      },
    });
    expect(report.policies[0]!.violations[0]!.live?.text).toBe(
      "live context: the provider's region is not a constant in the plan, so no collected default applies",
    );
  });
});

describe("the engine is pure", () => {
  it("lib/terraform-guard's engine modules import no I/O (node:, fs, the database, the network)", () => {
    const engine = readdirSync(import.meta.dirname).filter(
      (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
    );
    expect(engine.length).toBeGreaterThan(8);
    for (const name of engine) {
      const imports = [...readFileSync(path.join(import.meta.dirname, name), "utf8").matchAll(/from "([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      for (const specifier of imports) expect(specifier, `${name} imports ${specifier}`).toMatch(/^(\.\/|zod$)/);
    }
  });
});
