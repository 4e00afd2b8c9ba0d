// Conformance: the simulator's answers to bad input, DryRun and unknown operations, checked through
// the official clients (boto3, the AWS CLI) and, where they cannot send the request, the JS SDK or a
// raw request. Each case is a row of docs/simulator-conformance.md. Assertions are on the AWS error
// code and HTTP status only, so they hold for every client version Debian ships (boto3 1.26 speaks
// CloudWatch's query protocol, newer ones its JSON protocol).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  EC2Client,
  GetInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataDefaultsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS, officialClientEnv, PYTHON, requireOfficialClients, run } from "./official-clients-testing";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, DAY, errorOf, TEST_NOW } from "./testing";

interface Fixture {
  accountId: string;
  region: string;
  /** Another region of the same account, where the caller is refused (UnauthorizedOperation). */
  deniedRegion: string;
  instanceId: string;
  imageId: string;
  launchTemplateId: string;
}

type Service = "ec2" | "cloudwatch" | "sts" | "organizations" | "cloudtrail" | "ssm";

interface Case {
  name: string;
  service: Service;
  /** boto3 method names and parameters; the last step's outcome is the case's. */
  steps: (f: Fixture) => { op: string; params: Record<string, unknown> }[];
  /** The caller: the fixture's member account (default) or the management account. */
  caller?: "member" | "management";
  region?: (f: Fixture) => string;
  expected: { code: string; status: number } | { ok: (result: unknown, f: Fixture) => void };
}

const ONE_DAY_AGO = new Date(TEST_NOW - DAY).toISOString();
const NOW_ISO = new Date(TEST_NOW).toISOString();

function query(id: string, instanceId: string) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: "AWS/EC2",
        MetricName: "MetadataNoToken",
        Dimensions: [{ Name: "InstanceId", Value: instanceId }],
      },
      Period: 3600,
      Stat: "Sum",
    },
  };
}

function alarm(name: string, extra: Record<string, unknown> = {}) {
  return {
    AlarmName: name,
    Namespace: "AWS/EC2",
    MetricName: "MetadataNoTokenRejected",
    Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
    Statistic: "Sum",
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    ...extra,
  };
}

const one = (op: string, params: (f: Fixture) => Record<string, unknown>) => (f: Fixture) => [
  { op, params: params(f) },
];
const error = (code: string, status = 400) => ({ code, status });

const BOTO3_CASES: Case[] = [
  // ---- EC2: DryRun on every action ----
  {
    name: "ec2 DescribeInstances DryRun=true",
    service: "ec2",
    steps: one("describe_instances", () => ({ DryRun: true })),
    expected: error("DryRunOperation", 412),
  },
  {
    name: "ec2 DescribeInstances DryRun=true where the caller is not allowed",
    service: "ec2",
    region: (f) => f.deniedRegion,
    steps: one("describe_instances", () => ({ DryRun: true })),
    expected: error("UnauthorizedOperation", 403),
  },
  {
    name: "ec2 DescribeRegions DryRun=true",
    service: "ec2",
    steps: one("describe_regions", () => ({ DryRun: true })),
    expected: error("DryRunOperation", 412),
  },
  {
    name: "ec2 DescribeImages DryRun=true",
    service: "ec2",
    steps: one("describe_images", (f) => ({ ImageIds: [f.imageId], DryRun: true })),
    expected: error("DryRunOperation", 412),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions DryRun=true",
    service: "ec2",
    steps: one("describe_launch_template_versions", (f) => ({ LaunchTemplateId: f.launchTemplateId, DryRun: true })),
    expected: error("DryRunOperation", 412),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions DryRun=true",
    service: "ec2",
    steps: one("modify_instance_metadata_options", (f) => ({
      InstanceId: f.instanceId,
      HttpPutResponseHopLimit: 7,
      DryRun: true,
    })),
    expected: error("DryRunOperation", 412),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions DryRun=true where the caller is not allowed",
    service: "ec2",
    region: (f) => f.deniedRegion,
    steps: one("modify_instance_metadata_options", (f) => ({ InstanceId: f.instanceId, DryRun: true })),
    expected: error("UnauthorizedOperation", 403),
  },
  // ---- EC2: ranges, combinations, ids ----
  {
    name: "ec2 DescribeInstances MaxResults=4 (below 5)",
    service: "ec2",
    steps: one("describe_instances", () => ({ MaxResults: 4 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 DescribeInstances MaxResults=1001 (above 1000)",
    service: "ec2",
    steps: one("describe_instances", () => ({ MaxResults: 1001 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 DescribeInstances InstanceIds with MaxResults",
    service: "ec2",
    steps: one("describe_instances", (f) => ({ InstanceIds: [f.instanceId], MaxResults: 5 })),
    expected: error("InvalidParameterCombination"),
  },
  {
    name: "ec2 DescribeInstances malformed instance id",
    service: "ec2",
    steps: one("describe_instances", () => ({ InstanceIds: ["i-nothex"] })),
    expected: error("InvalidInstanceID.Malformed"),
  },
  {
    name: "ec2 DescribeInstances unknown instance id",
    service: "ec2",
    steps: one("describe_instances", () => ({ InstanceIds: ["i-0000000000000000f"] })),
    expected: error("InvalidInstanceID.NotFound"),
  },
  {
    name: "ec2 DescribeInstances unknown filter name",
    service: "ec2",
    steps: one("describe_instances", () => ({ Filters: [{ Name: "no-such-filter", Values: ["x"] }] })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 DescribeInstances NextToken that no call returned",
    service: "ec2",
    steps: one("describe_instances", () => ({ MaxResults: 5, NextToken: "not-a-token" })),
    expected: error("InvalidPaginationToken"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions without InstanceId",
    service: "ec2",
    steps: one("modify_instance_metadata_options", () => ({ HttpTokens: "required" })),
    expected: error("MissingParameter"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions HttpPutResponseHopLimit=65",
    service: "ec2",
    steps: one("modify_instance_metadata_options", (f) => ({ InstanceId: f.instanceId, HttpPutResponseHopLimit: 65 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions HttpPutResponseHopLimit=0",
    service: "ec2",
    steps: one("modify_instance_metadata_options", (f) => ({ InstanceId: f.instanceId, HttpPutResponseHopLimit: 0 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions HttpTokens=sometimes",
    service: "ec2",
    steps: one("modify_instance_metadata_options", (f) => ({ InstanceId: f.instanceId, HttpTokens: "sometimes" })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions malformed instance id",
    service: "ec2",
    steps: one("modify_instance_metadata_options", () => ({ InstanceId: "i-xyz", HttpTokens: "required" })),
    expected: error("InvalidInstanceID.Malformed"),
  },
  {
    name: "ec2 ModifyInstanceMetadataOptions unknown instance id",
    service: "ec2",
    steps: one("modify_instance_metadata_options", () => ({
      InstanceId: "i-0000000000000000f",
      HttpTokens: "required",
    })),
    expected: error("InvalidInstanceID.NotFound"),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions MaxResults=201 (above 200)",
    service: "ec2",
    steps: one("describe_launch_template_versions", (f) => ({ LaunchTemplateId: f.launchTemplateId, MaxResults: 201 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions MaxResults=0 (below 1)",
    service: "ec2",
    steps: one("describe_launch_template_versions", (f) => ({ LaunchTemplateId: f.launchTemplateId, MaxResults: 0 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions malformed template id",
    service: "ec2",
    steps: one("describe_launch_template_versions", () => ({ LaunchTemplateId: "lt-zz" })),
    expected: error("InvalidLaunchTemplateId.Malformed"),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions unknown template id",
    service: "ec2",
    steps: one("describe_launch_template_versions", () => ({ LaunchTemplateId: "lt-0000000000000000f" })),
    expected: error("InvalidLaunchTemplateId.NotFound"),
  },
  {
    name: "ec2 DescribeLaunchTemplateVersions unknown template name",
    service: "ec2",
    steps: one("describe_launch_template_versions", () => ({ LaunchTemplateName: "no-such-template" })),
    expected: error("InvalidLaunchTemplateName.NotFoundException"),
  },
  {
    name: "ec2 DescribeImages malformed image id",
    service: "ec2",
    steps: one("describe_images", () => ({ ImageIds: ["ami-nothex"] })),
    expected: error("InvalidAMIID.Malformed"),
  },
  {
    name: "ec2 DescribeImages unknown image id",
    service: "ec2",
    steps: one("describe_images", () => ({ ImageIds: ["ami-0000000000000000f"] })),
    expected: error("InvalidAMIID.NotFound"),
  },
  // ---- CloudWatch ----
  {
    name: "cloudwatch GetMetricData EndTime equal to StartTime",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: NOW_ISO,
      EndTime: NOW_ISO,
      MetricDataQueries: [query("m0", f.instanceId)],
    })),
    expected: error("ValidationError"),
  },
  {
    name: "cloudwatch GetMetricData EndTime before StartTime",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: NOW_ISO,
      EndTime: ONE_DAY_AGO,
      MetricDataQueries: [query("m0", f.instanceId)],
    })),
    expected: error("ValidationError"),
  },
  {
    name: "cloudwatch GetMetricData 501 queries",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: ONE_DAY_AGO,
      EndTime: NOW_ISO,
      MetricDataQueries: Array.from({ length: 501 }, (_, i) => query(`m${i}`, f.instanceId)),
    })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch GetMetricData 500 queries (the limit) succeed",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: ONE_DAY_AGO,
      EndTime: NOW_ISO,
      MetricDataQueries: Array.from({ length: 500 }, (_, i) => query(`m${i}`, f.instanceId)),
    })),
    expected: {
      ok: (result) => expect((result as { MetricDataResults: unknown[] }).MetricDataResults).toHaveLength(500),
    },
  },
  {
    name: "cloudwatch GetMetricData query Id not matching ^[a-z][A-Za-z0-9_]*$",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: ONE_DAY_AGO,
      EndTime: NOW_ISO,
      MetricDataQueries: [query("M0", f.instanceId)],
    })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch GetMetricData the same query Id twice",
    service: "cloudwatch",
    steps: one("get_metric_data", (f) => ({
      StartTime: ONE_DAY_AGO,
      EndTime: NOW_ISO,
      MetricDataQueries: [query("m0", f.instanceId), query("m0", f.instanceId)],
    })),
    expected: error("ValidationError"),
  },
  {
    name: "cloudwatch GetMetricData without MetricDataQueries",
    service: "cloudwatch",
    steps: one("get_metric_data", () => ({ StartTime: ONE_DAY_AGO, EndTime: NOW_ISO })),
    expected: error("MissingParameter"),
  },
  {
    name: 'cloudwatch PutMetricAlarm ExtendedStatistic="90"',
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-ext-bad", { Statistic: undefined, ExtendedStatistic: "90" })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: 'cloudwatch PutMetricAlarm ExtendedStatistic="p90" and "tm99" are accepted',
    service: "cloudwatch",
    steps: () => [
      { op: "put_metric_alarm", params: alarm("conf-ext-p90", { Statistic: undefined, ExtendedStatistic: "p90" }) },
      { op: "put_metric_alarm", params: alarm("conf-ext-tm99", { Statistic: undefined, ExtendedStatistic: "tm99" }) },
      { op: "describe_alarms", params: { AlarmNamePrefix: "conf-ext-" } },
    ],
    expected: {
      ok: (result) =>
        expect(
          (result as { MetricAlarms: { AlarmName: string; ExtendedStatistic: string }[] }).MetricAlarms.map((a) => [
            a.AlarmName,
            a.ExtendedStatistic,
          ]),
        ).toEqual([
          ["conf-ext-p90", "p90"],
          ["conf-ext-tm99", "tm99"],
        ]),
    },
  },
  {
    name: 'cloudwatch PutMetricAlarm EvaluateLowSampleCountPercentile="unknown"',
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-lowsample", { EvaluateLowSampleCountPercentile: "unknown" })),
    expected: error("ValidationError"),
  },
  {
    name: "cloudwatch PutMetricAlarm both Statistic and ExtendedStatistic",
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-both", { ExtendedStatistic: "p90" })),
    expected: error("InvalidParameterCombination"),
  },
  {
    name: "cloudwatch PutMetricAlarm Period=90 (not 10, 30 or a multiple of 60)",
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-period", { Period: 90 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch PutMetricAlarm unknown ComparisonOperator",
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-cmp", { ComparisonOperator: "Bigger" })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch PutMetricAlarm without Threshold",
    service: "cloudwatch",
    steps: one("put_metric_alarm", () => alarm("conf-threshold", { Threshold: undefined })),
    expected: error("MissingParameter"),
  },
  {
    name: "cloudwatch DeleteAlarms removes the alarm and skips names that do not exist",
    service: "cloudwatch",
    steps: () => [
      { op: "put_metric_alarm", params: alarm("conf-delete-me") },
      { op: "put_metric_alarm", params: alarm("conf-keep-me") },
      { op: "delete_alarms", params: { AlarmNames: ["conf-delete-me", "conf-never-existed"] } },
      { op: "describe_alarms", params: { AlarmNamePrefix: "conf-" } },
    ],
    expected: {
      ok: (result) => {
        const names = (result as { MetricAlarms: { AlarmName: string }[] }).MetricAlarms.map((a) => a.AlarmName);
        expect(names).toContain("conf-keep-me");
        expect(names).not.toContain("conf-delete-me");
      },
    },
  },
  {
    name: "cloudwatch DeleteAlarms without AlarmNames",
    service: "cloudwatch",
    steps: one("delete_alarms", () => ({ AlarmNames: [] })),
    expected: error("MissingParameter"),
  },
  {
    name: "cloudwatch DeleteAlarms 101 names",
    service: "cloudwatch",
    steps: one("delete_alarms", () => ({ AlarmNames: Array.from({ length: 101 }, (_, i) => `a${i}`) })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch DescribeAlarms AlarmNames with AlarmNamePrefix",
    service: "cloudwatch",
    steps: one("describe_alarms", () => ({ AlarmNames: ["a"], AlarmNamePrefix: "a" })),
    expected: error("InvalidParameterCombination"),
  },
  {
    name: "cloudwatch DescribeAlarms MaxRecords=101",
    service: "cloudwatch",
    steps: one("describe_alarms", () => ({ MaxRecords: 101 })),
    expected: error("InvalidParameterValue"),
  },
  {
    name: "cloudwatch DescribeAlarms NextToken that no call returned",
    service: "cloudwatch",
    steps: one("describe_alarms", () => ({ NextToken: "not-a-token" })),
    expected: error("InvalidNextToken"),
  },
  {
    name: "cloudwatch DescribeAlarms unknown StateValue",
    service: "cloudwatch",
    steps: one("describe_alarms", () => ({ StateValue: "BROKEN" })),
    expected: error("InvalidParameterValue"),
  },
  // ---- A JSON target no simulated service owns: the error must be JSON (boto3 reads __type) ----
  {
    name: "ssm DescribeInstanceInformation (a JSON target the simulator does not serve)",
    service: "ssm",
    steps: one("describe_instance_information", () => ({})),
    expected: error("UnknownOperationException"),
  },
  // ---- STS ----
  {
    name: "sts AssumeRole DurationSeconds=899 (below 900)",
    service: "sts",
    caller: "management",
    steps: one("assume_role", (f) => ({
      RoleArn: `arn:aws:iam::${f.accountId}:role/imds-audit`,
      RoleSessionName: "conformance",
      DurationSeconds: 899,
    })),
    expected: error("ValidationError"),
  },
  {
    name: "sts AssumeRole RoleArn that is not a role ARN",
    service: "sts",
    caller: "management",
    steps: one("assume_role", () => ({ RoleArn: "arn:aws:iam::123456789012:user/alice", RoleSessionName: "s1" })),
    expected: error("ValidationError"),
  },
  {
    name: "sts AssumeRole into an account outside the organization",
    service: "sts",
    caller: "management",
    steps: one("assume_role", () => ({ RoleArn: "arn:aws:iam::999999999999:role/imds-audit", RoleSessionName: "s1" })),
    expected: error("AccessDenied", 403),
  },
  // ---- Organizations ----
  {
    name: "organizations ListAccounts MaxResults=21 (above 20)",
    service: "organizations",
    caller: "management",
    region: () => "us-east-1",
    steps: one("list_accounts", () => ({ MaxResults: 21 })),
    expected: error("InvalidInputException"),
  },
  {
    name: "organizations ListAccounts from a member account",
    service: "organizations",
    region: () => "us-east-1",
    steps: one("list_accounts", () => ({})),
    expected: error("AccessDeniedException"),
  },
  // ---- CloudTrail ----
  {
    name: "cloudtrail LookupEvents MaxResults=51 (above 50)",
    service: "cloudtrail",
    steps: one("lookup_events", () => ({ MaxResults: 51 })),
    expected: error("InvalidMaxResultsException"),
  },
  {
    name: "cloudtrail LookupEvents two LookupAttributes",
    service: "cloudtrail",
    steps: one("lookup_events", () => ({
      LookupAttributes: [
        { AttributeKey: "EventName", AttributeValue: "RunInstances" },
        { AttributeKey: "Username", AttributeValue: "x" },
      ],
    })),
    expected: error("InvalidLookupAttributesException"),
  },
  {
    name: "cloudtrail LookupEvents StartTime after EndTime",
    service: "cloudtrail",
    steps: one("lookup_events", () => ({ StartTime: NOW_ISO, EndTime: ONE_DAY_AGO })),
    expected: error("InvalidTimeRangeException"),
  },
];

let sim: RunningSimulator;
let home: string;
let fixture: Fixture;
let boto3Outcomes: Record<string, { ok?: boolean; result?: unknown; code?: string; status?: number }>;

beforeAll(async () => {
  await requireOfficialClients();
  sim = await startSimulator({
    fleet: { seed: 31, instances: 300, accounts: 2, regions: 2, now: TEST_NOW },
    clock: () => TEST_NOW,
  });
  const member = sim.fleet.activeAccounts().find((a) => !a.isManagement);
  if (!member) throw new Error("need a member account");
  const region = sim.fleet.regions.find(
    (r) =>
      sim.fleet.listInstances(member.id, r).length > 0 &&
      sim.fleet.listImages(member.id, r).length > 0 &&
      sim.fleet.listLaunchTemplates(member.id, r).length > 0,
  );
  const deniedRegion = sim.fleet.regions.find((r) => r !== region);
  if (!region || !deniedRegion) throw new Error("need a region with instances, images and launch templates");
  fixture = {
    accountId: member.id,
    region,
    deniedRegion,
    instanceId: sim.fleet.listInstances(member.id, region)[0]!.instanceId,
    imageId: sim.fleet.listImages(member.id, region)[0]!.imageId,
    launchTemplateId: sim.fleet.listLaunchTemplates(member.id, region)[0]!.launchTemplateId,
  };
  sim.knobs.denied = [{ accountId: member.id, region: deniedRegion }];
  home = mkdtempSync(join(tmpdir(), "sim-conformance-"));

  const spec = {
    url: sim.url,
    cases: BOTO3_CASES.map((c) => ({
      name: c.name,
      service: c.service,
      account: c.caller === "management" ? null : fixture.accountId,
      region: c.region ? c.region(fixture) : fixture.region,
      steps: c.steps(fixture),
    })),
  };
  const child = run(PYTHON, [fileURLToPath(new URL("./conformance/boto3-cases.py", import.meta.url))], {
    env: officialClientEnv(home, fixture.region),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  child.child.stdin?.end(JSON.stringify(spec));
  const { stdout } = await child;
  boto3Outcomes = JSON.parse(stdout) as typeof boto3Outcomes;
}, 180_000);

afterAll(async () => {
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("boto3: one case per documented answer", () => {
  it.each(BOTO3_CASES.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const outcome = boto3Outcomes[name];
    expect(outcome, `no outcome for ${name}`).toBeDefined();
    if ("code" in c.expected) {
      expect({ code: outcome?.code, status: outcome?.status }).toEqual(c.expected);
    } else {
      expect(outcome?.ok, `failed with ${outcome?.code} (${outcome?.status})`).toBe(true);
      c.expected.ok(outcome?.result, fixture);
    }
  });

  it("leaves the instance unchanged after its DryRun", () => {
    expect(sim.fleet.findInstance(fixture.instanceId)?.metadata.httpPutResponseHopLimit).not.toBe(7);
  });
});

/** Runs the AWS CLI; returns the AWS error code it reports ("(Code)" in both CLI v1 and v2), or null. */
async function cliErrorCode(args: string[], accountId: string, region: string): Promise<string | null> {
  try {
    await run(AWS, [...args, "--endpoint-url", sim.url, "--output", "json"], {
      env: officialClientEnv(home, region, accountId),
      timeout: 60_000,
    });
    return null;
  } catch (err) {
    const stderr = err && typeof err === "object" && "stderr" in err ? String(err.stderr) : "";
    return /An error occurred \(([^)]+)\)/.exec(stderr)?.[1] ?? `no AWS error code in: ${stderr}`;
  }
}

describe("AWS CLI: the same answers through another official client", () => {
  it("answers DryRunOperation, ValidationError, InvalidParameterValue and Malformed as boto3 sees them", async () => {
    const { accountId, region, instanceId } = fixture;
    const alarmArgs = [
      "cloudwatch",
      "put-metric-alarm",
      "--alarm-name",
      "cli-conf",
      "--namespace",
      "AWS/EC2",
      "--metric-name",
      "MetadataNoTokenRejected",
      "--period",
      "300",
      "--evaluation-periods",
      "1",
      "--threshold",
      "0",
      "--comparison-operator",
      "GreaterThanThreshold",
    ];
    const codes = await Promise.all([
      cliErrorCode(["ec2", "describe-instances", "--dry-run"], accountId, region),
      cliErrorCode(["ec2", "describe-instances", "--instance-ids", "i-nothex"], accountId, region),
      cliErrorCode(
        [
          "cloudwatch",
          "get-metric-data",
          "--start-time",
          NOW_ISO,
          "--end-time",
          NOW_ISO,
          "--metric-data-queries",
          JSON.stringify([query("m0", instanceId)]),
        ],
        accountId,
        region,
      ),
      cliErrorCode([...alarmArgs, "--extended-statistic", "90"], accountId, region),
      cliErrorCode(
        [...alarmArgs, "--statistic", "Sum", "--evaluate-low-sample-count-percentile", "unknown"],
        accountId,
        region,
      ),
    ]);
    expect(codes).toEqual([
      "DryRunOperation",
      "InvalidInstanceID.Malformed",
      "ValidationError",
      "InvalidParameterValue",
      "ValidationError",
    ]);
  });

  it("deletes an alarm with delete-alarms", async () => {
    const { accountId, region } = fixture;
    await run(
      AWS,
      [
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        "cli-delete-me",
        "--namespace",
        "AWS/EC2",
        "--metric-name",
        "MetadataNoTokenRejected",
        "--statistic",
        "Sum",
        "--period",
        "300",
        "--evaluation-periods",
        "1",
        "--threshold",
        "0",
        "--comparison-operator",
        "GreaterThanThreshold",
        "--endpoint-url",
        sim.url,
      ],
      { env: officialClientEnv(home, region, accountId), timeout: 60_000 },
    );
    expect(sim.fleet.findMetricAlarm(accountId, region, "cli-delete-me")).toBeDefined();
    expect(
      await cliErrorCode(["cloudwatch", "delete-alarms", "--alarm-names", "cli-delete-me"], accountId, region),
    ).toBe(null);
    expect(sim.fleet.findMetricAlarm(accountId, region, "cli-delete-me")).toBeUndefined();
  });
});

/** The AWS error code (the SDK reads it from x-amzn-query-error into `Code`) and HTTP status. */
const codeAndStatus = (err: Awaited<ReturnType<typeof errorOf>>) => [
  err.Code ?? err.name,
  err.$metadata?.httpStatusCode,
];

describe("JS SDK (CloudWatch JSON protocol) and raw requests", () => {
  const cw = () => new CloudWatchClient(clientSettings(sim, fixture.region, accountCredentials(fixture.accountId)));
  const ec2 = (region = fixture.region) =>
    new EC2Client(clientSettings(sim, region, accountCredentials(fixture.accountId)));

  it("GetMetricData with EndTime <= StartTime: ValidationError 400", async () => {
    const err = await errorOf(() =>
      cw().send(
        new GetMetricDataCommand({
          StartTime: new Date(TEST_NOW),
          EndTime: new Date(TEST_NOW),
          MetricDataQueries: [query("m0", fixture.instanceId)],
        }),
      ),
    );
    expect(codeAndStatus(err)).toEqual(["ValidationError", 400]);
  });

  it("PutMetricAlarm ExtendedStatistic and EvaluateLowSampleCountPercentile refusals", async () => {
    const base = {
      AlarmName: "js-conf",
      Namespace: "AWS/EC2",
      MetricName: "MetadataNoTokenRejected",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold" as const,
    };
    const ext = await errorOf(() => cw().send(new PutMetricAlarmCommand({ ...base, ExtendedStatistic: "90" })));
    expect(codeAndStatus(ext)).toEqual(["InvalidParameterValue", 400]);
    const low = await errorOf(() =>
      cw().send(new PutMetricAlarmCommand({ ...base, Statistic: "Sum", EvaluateLowSampleCountPercentile: "unknown" })),
    );
    expect(codeAndStatus(low)).toEqual(["ValidationError", 400]);
    await cw().send(
      new PutMetricAlarmCommand({ ...base, ExtendedStatistic: "p99", EvaluateLowSampleCountPercentile: "ignore" }),
    );
    const stored = await cw().send(new DescribeAlarmsCommand({ AlarmNames: ["js-conf"] }));
    expect(stored.MetricAlarms?.[0]).toMatchObject({
      ExtendedStatistic: "p99",
      EvaluateLowSampleCountPercentile: "ignore",
    });
  });

  it("DeleteAlarms removes the alarm; DescribeAlarms no longer lists it", async () => {
    await cw().send(
      new PutMetricAlarmCommand({
        AlarmName: "js-delete-me",
        Namespace: "AWS/EC2",
        MetricName: "MetadataNoTokenRejected",
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    const reply = await cw().send(new DeleteAlarmsCommand({ AlarmNames: ["js-delete-me", "js-never-existed"] }));
    expect(reply.$metadata.httpStatusCode).toBe(200);
    expect((await cw().send(new DescribeAlarmsCommand({ AlarmNames: ["js-delete-me"] }))).MetricAlarms).toEqual([]);
    const none = await errorOf(() => cw().send(new DeleteAlarmsCommand({ AlarmNames: [] })));
    expect(codeAndStatus(none)).toEqual(["MissingParameter", 400]);
  });

  // Old clients predate these two actions, so the JS SDK checks their DryRun.
  it("GetInstanceMetadataDefaults and ModifyInstanceMetadataDefaults honour DryRun", async () => {
    const get = await errorOf(() => ec2().send(new GetInstanceMetadataDefaultsCommand({ DryRun: true })));
    expect([get.name, get.$metadata?.httpStatusCode]).toEqual(["DryRunOperation", 412]);
    const before = sim.fleet.getRegionalDefaults(fixture.accountId, fixture.region);
    const modify = await errorOf(() =>
      ec2().send(new ModifyInstanceMetadataDefaultsCommand({ HttpPutResponseHopLimit: 9, DryRun: true })),
    );
    expect([modify.name, modify.$metadata?.httpStatusCode]).toEqual(["DryRunOperation", 412]);
    expect(sim.fleet.getRegionalDefaults(fixture.accountId, fixture.region)).toEqual(before);
    const denied = await errorOf(() =>
      ec2(fixture.deniedRegion).send(new GetInstanceMetadataDefaultsCommand({ DryRun: true })),
    );
    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
  });

  /** A request no client library sends: an unknown action or target, signed only enough to be routed. */
  async function raw(service: string, headers: Record<string, string>, body: string) {
    const res = await fetch(sim.url, {
      method: "POST",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000000/20261122/${fixture.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        ...headers,
      },
      body,
    });
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
  }

  it("EC2 unknown Action: InvalidAction 400 in EC2's XML", async () => {
    const res = await raw(
      "ec2",
      { "content-type": "application/x-www-form-urlencoded" },
      "Action=TerminateEverything&Version=2016-11-15",
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain("<Code>InvalidAction</Code>");
  });

  it("CloudWatch query protocol unknown Action: InvalidAction 400 in the query error XML", async () => {
    const res = await raw(
      "monitoring",
      { "content-type": "application/x-www-form-urlencoded" },
      "Action=DeleteEverything&Version=2010-08-01",
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });

  it("JSON requests for an unknown target or operation are answered in JSON with __type", async () => {
    const unknownTarget = await raw(
      "ssm",
      { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.SendCommand" },
      "{}",
    );
    expect(unknownTarget.status).toBe(400);
    expect(unknownTarget.contentType).toContain("application/x-amz-json");
    expect(JSON.parse(unknownTarget.text)).toMatchObject({ __type: "UnknownOperationException" });

    const badBody = await raw(
      "monitoring",
      { "content-type": "application/x-amz-json-1.0", "x-amz-target": "GraniteServiceVersion20100801.DescribeAlarms" },
      "{not json",
    );
    expect(badBody.status).toBe(400);
    expect(JSON.parse(badBody.text)).toMatchObject({ __type: "com.amazonaws.cloudwatch#SerializationException" });

    const unknownOperation = await raw(
      "monitoring",
      {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "GraniteServiceVersion20100801.DeleteEverything",
      },
      "{}",
    );
    expect(unknownOperation.status).toBe(400);
    expect(JSON.parse(unknownOperation.text)).toMatchObject({
      __type: "com.amazonaws.cloudwatch#UnknownOperationException",
    });
  });
});
