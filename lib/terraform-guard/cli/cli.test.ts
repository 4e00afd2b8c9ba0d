import { execFile } from "node:child_process";
import { mkdtemp, mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateGuard } from "@/lib/terraform-guard/evaluate";
import { hclToModel } from "@/lib/terraform-guard/hcl-model";
import { parseArgs, UsageError } from "./args";
import { readHclDirectory } from "./read-hcl";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const BIN = path.join(ROOT, "bin", "imds-guard.mjs");
const PLANS = path.join(ROOT, "lib", "terraform-guard", "fixtures", "plans");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "imds-guard-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("arguments", () => {
  it("parses the options and refuses bad ones with a message", () => {
    expect(
      parseArgs([
        "plan.json",
        "--format=sarif",
        "--policy",
        "ec2-metadata-imdsv2-required",
        "--live",
        "--account",
        "111111111111",
      ]),
    ).toEqual({
      input: "plan.json",
      format: "sarif",
      policies: ["ec2-metadata-imdsv2-required"],
      live: true,
      accountId: "111111111111",
      waivers: null,
      output: null,
    });
    expect(parseArgs(["-", "--waivers", "db"])).toMatchObject({ input: "-", waivers: { from: "db" } });
    expect(parseArgs(["--help"])).toBe("help");
    for (const [argv, message] of [
      [[], /give a plan file/],
      [["a", "b"], /one input only/],
      [["a", "--format", "xml"], /--format must be text, json or sarif/],
      [["a", "--policy", "x"], /--policy "x" is not one of/],
      [["a", "--account", "1"], /12-digit/],
      [["a", "--account", "111111111111"], /--account only applies with --live/],
      [["a", "--nope"], /unknown option --nope/],
      [["a", "--output"], /--output needs a value/],
    ] as const) {
      expect(() => parseArgs(argv), JSON.stringify(argv)).toThrow(UsageError);
      expect(() => parseArgs(argv)).toThrow(message);
    }
  });
});

describe("HCL sources", () => {
  it("derives instances from .tf files: literal count / for_each expanded, local modules read, expressions unknown", async () => {
    const infra = path.join(dir, "infra");
    await mkdir(path.join(infra, "modules", "web"), { recursive: true });
    await writeFile(
      path.join(infra, "main.tf"),
      `provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_instance" "good" {
  count = 2
  ami   = "ami-1"
  metadata_options { http_tokens = "required" }
}
resource "aws_instance" "legacy" {
  for_each = toset(["b", "a"])
  ami      = "ami-1"
  provider = aws.us
  metadata_options { http_tokens = "optional" }
}
resource "aws_instance" "variable" {
  count = var.replicas
  ami   = var.ami
  metadata_options { http_tokens = var.tokens }
}
resource "aws_launch_template" "lt" {
  name = "lt"
}
module "web" {
  source = "./modules/web"
  count  = 1
}
module "remote" {
  source = "terraform-aws-modules/ec2-instance/aws"
}
`,
    );
    await writeFile(
      path.join(infra, "modules", "web", "web.tf"),
      `resource "aws_instance" "app" {
  ami = "ami-2"
}
`,
    );
    const model = hclToModel(await readHclDirectory(infra));
    expect(model.kind).toBe("hcl");
    expect(model.resources.map((resource) => [resource.address, resource.region])).toEqual([
      ["aws_instance.good[0]", "eu-west-1"],
      ["aws_instance.good[1]", "eu-west-1"],
      ['aws_instance.legacy["a"]', "us-east-1"],
      ['aws_instance.legacy["b"]', "us-east-1"],
      ["aws_instance.variable[*]", "eu-west-1"],
      ["aws_launch_template.lt", "eu-west-1"],
      ["module.web[0].aws_instance.app", "eu-west-1"],
    ]);
    expect(model.notes).toEqual([
      "aws_instance.variable: count = ${var.replicas} is not a literal, so its instances are unknown here; judged once as aws_instance.variable[*] (use plan JSON for the real instances)",
      'module.remote: source "terraform-aws-modules/ec2-instance/aws" is not a local directory and was not read (use plan JSON)',
    ]);
    const report = evaluateGuard(model);
    expect(report.policies[0]!.violations.map((finding) => `${finding.address} ${finding.status}`)).toEqual([
      'aws_instance.legacy["a"] failed',
      'aws_instance.legacy["b"] failed',
      "aws_instance.variable[*] failed",
      "module.web[0].aws_instance.app failed",
    ]);
    // The seed policy reads an expression's value as absent; the note says why it is not known.
    expect(report.policies[0]!.violations[2]!.unknownUntilApply).toBe(
      "metadata_options.http_tokens is known only after apply",
    );
    expect(report.policies[2]!.violations.map((finding) => finding.address)).toEqual(["aws_launch_template.lt"]);
  });

  it("reports a syntax error with the file, line and column", async () => {
    const broken = path.join(dir, "broken");
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, "main.tf"), 'resource "aws_instance" "x" {\n  ami = "a"\n');
    await expect(readHclDirectory(broken)).rejects.toThrow(
      /^.*broken\/main\.tf: line \d+ column \d+: Unclosed configuration block$/,
    );
  });
});

// Spawning tsx is slow (~1 s each): a few runs cover the exit codes and the stdout/stderr split.
describe("the imds-guard command", () => {
  const run = async (args: string[], cwd = os.tmpdir()) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it("exits 0 on a passing plan and 1 on violations, from any working directory, with the seed's trace", async () => {
    const pass = await run([path.join(PLANS, "seed-pass.json")]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain("    Pass - ec2-metadata-imdsv2-required.sentinel\n");
    expect(pass.stderr).toBe(
      [
        "imds-guard: ec2-metadata-imdsv2-required: Pass",
        "imds-guard: ec2-instance-metadata-defaults-imdsv2-required: Pass, no resources of this type",
        "imds-guard: ec2-launch-template-imdsv2-required: Pass, no resources of this type",
        "imds-guard: autoscaling-launch-config-imdsv2-required: Pass, no resources of this type",
        "",
      ].join("\n"),
    );
    const fail = await run([path.join(PLANS, "seed-fail.json"), "--policy", "ec2-metadata-imdsv2-required"]);
    expect([fail.code, fail.stderr]).toEqual([1, "imds-guard: ec2-metadata-imdsv2-required: Fail, 1 violation\n"]);
    expect(fail.stdout).toBe(
      await readFile(path.join(ROOT, "lib", "terraform-guard", "fixtures", "seed-fail.trace.txt"), "utf8"),
    );
  });

  it("exits 2 with a message naming the file and where it broke", async () => {
    const bad = path.join(dir, "plan.json");
    await writeFile(
      bad,
      '{"planned_values": {"root_module": {"resources": [{"address": "a", "type": "t", "name": "n", "values": []}]}}}',
    );
    const shape = await run(["plan.json"], dir);
    expect([shape.code, shape.stdout, shape.stderr]).toEqual([
      2,
      "",
      "plan.json: $.planned_values.root_module.resources[0].values: expected an object, found an array\n",
    ]);
    await writeFile(bad, "{\n  oops\n}");
    const syntax = await run(["plan.json", "--format", "json"], dir);
    expect([syntax.code, syntax.stderr]).toEqual([2, "plan.json: not valid JSON at line 2 column 3\n"]);
    const missing = await run(["nope.json"], dir);
    expect([missing.code, missing.stderr]).toEqual([2, "nope.json: cannot be read (no such file)\n"]);
    const usage = await run(["--format", "yaml", "plan.json"], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^imds-guard: --format must be text, json or sarif, not "yaml"/);
  });

  it("says plainly when a plan is larger than it can read", async () => {
    // A sparse file: as large as a 560 MB plan on disk's metadata, without writing 560 MB.
    const huge = path.join(dir, "huge.json");
    const handle = await open(huge, "w");
    await handle.truncate(560 * 1024 * 1024);
    await handle.close();
    const large = await run(["huge.json"], dir);
    expect(large.code).toBe(2);
    expect(large.stderr).toMatch(
      /^huge\.json: is larger than imds-guard can read \(560 MB; the limit is \d+ MB of JSON text, the JavaScript engine's longest string\)\. .*jq -c/,
    );
  });

  it("writes SARIF and applies a waivers file", async () => {
    const waivers = path.join(dir, "waivers.json");
    await writeFile(
      waivers,
      JSON.stringify([
        {
          policy: "ec2-metadata-imdsv2-required",
          address: "aws_instance.example",
          owner: "Ops",
          reason: "agent v1",
          expiresAt: "2099-01-01",
        },
      ]),
    );
    const out = path.join(dir, "out.sarif");
    const result = await run([
      path.join(PLANS, "seed-fail.json"),
      "--format",
      "sarif",
      "--waivers",
      waivers,
      "--output",
      out,
    ]);
    expect(result.code).toBe(0);
    const sarif = JSON.parse(await readFile(out, "utf8"));
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: "ec2-metadata-imdsv2-required",
        suppressions: [expect.objectContaining({ kind: "external", status: "accepted" })],
      }),
    ]);
  });
});
