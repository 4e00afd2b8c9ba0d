// The simulator against official non-JS clients from Debian: AWS CLI 2.9 and boto3 1.26. They use
// the older query protocol for CloudWatch, so this checks the form/XML path end to end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS, officialClientEnv, PYTHON, requireOfficialClients, run } from "./official-clients-testing";
import { startSimulator, type RunningSimulator } from "./server";
import { DAY, TEST_NOW } from "./testing";

let sim: RunningSimulator;
let home: string;
let cell: { accountId: string; region: string };

beforeAll(async () => {
  await requireOfficialClients();
  sim = await startSimulator({ fleet: { seed: 21, instances: 4000, now: TEST_NOW }, clock: () => TEST_NOW });
  const biggest = [...sim.fleet.counts().byCell].sort((a, b) => b.instances - a.instances)[0];
  if (!biggest) throw new Error("empty fleet");
  cell = biggest;
  home = mkdtempSync(join(tmpdir(), "sim-official-"));
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function env(accountId?: string): NodeJS.ProcessEnv {
  return officialClientEnv(home, cell.region, accountId);
}

async function aws(args: string[], accountId?: string): Promise<unknown> {
  const { stdout } = await run(AWS, [...args, "--endpoint-url", sim.url, "--output", "json"], {
    env: env(accountId),
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

describe("AWS CLI 2.9", () => {
  it("runs sts get-caller-identity, describe-instances paging, list-metrics and get-metric-data", async () => {
    const truth = sim.fleet.listInstances(cell.accountId, cell.region);
    const pick = truth
      .filter((v) => v.state === "running" && v.launchTime < TEST_NOW - 10 * DAY)
      .slice(0, 3)
      .map((v) => v.instanceId);
    const start = Math.floor(TEST_NOW / DAY) * DAY - 3 * DAY;
    sim.resetStats();
    const [identity, ids, metrics, data] = await Promise.all([
      aws(["sts", "get-caller-identity"]),
      aws(
        ["ec2", "describe-instances", "--page-size", "5", "--query", "Reservations[].Instances[].InstanceId"],
        cell.accountId,
      ),
      aws(
        [
          "cloudwatch",
          "list-metrics",
          "--namespace",
          "AWS/EC2",
          "--query",
          "Metrics[].[MetricName, Dimensions[0].Value]",
        ],
        cell.accountId,
      ),
      aws(
        [
          "cloudwatch",
          "get-metric-data",
          "--start-time",
          new Date(start).toISOString(),
          "--end-time",
          new Date(start + 3 * DAY).toISOString(),
          "--scan-by",
          "TimestampAscending",
          "--metric-data-queries",
          JSON.stringify(
            pick.map((id, i) => ({
              Id: `m${i}`,
              MetricStat: {
                Metric: {
                  Namespace: "AWS/EC2",
                  MetricName: "MetadataNoToken",
                  Dimensions: [{ Name: "InstanceId", Value: id }],
                },
                Period: 86400,
                Stat: "Sum",
              },
            })),
          ),
        ],
        cell.accountId,
      ),
    ]);
    expect(identity).toMatchObject({ Account: sim.fleet.managementAccount.id });

    expect(ids).toEqual(truth.map((v) => v.instanceId));
    expect(sim.stats.byOperation["ec2:DescribeInstances"]).toBe(Math.ceil(truth.length / 5));

    const active = truth.filter(
      (v) => sim.fleet.metricSum(v.instanceId, "MetadataNoToken", TEST_NOW - 14 * DAY, TEST_NOW) !== null,
    );
    expect(Array.isArray(metrics) && metrics.length).toBe(active.length * 2);
    expect(sim.stats.byOperation["monitoring:ListMetrics"]).toBeGreaterThan(1);

    // safe because the CLI prints the GetMetricData output shape (checked field by field below)
    const results = (
      data as { MetricDataResults: { Id: string; Values: number[]; Timestamps: string[]; StatusCode: string }[] }
    ).MetricDataResults;
    expect(results.map((r) => r.Id)).toEqual(pick.map((_, i) => `m${i}`));
    pick.forEach((id, i) => {
      const r = results[i];
      expect(r?.StatusCode).toBe("Complete");
      expect(r?.Timestamps.map((t) => Date.parse(t))).toEqual([0, 1, 2].map((d) => start + d * DAY));
      expect(r?.Values).toEqual(
        [0, 1, 2].map((d) => sim.fleet.metricSum(id, "MetadataNoToken", start + d * DAY, start + (d + 1) * DAY)),
      );
    });
  });

  it("creates an alarm with put-metric-alarm and reads it back with describe-alarms", async () => {
    const topic = `arn:aws:sns:${cell.region}:${cell.accountId}:imds-alerts`;
    const base = [
      "cloudwatch",
      "put-metric-alarm",
      "--namespace",
      "AWS/EC2",
      "--metric-name",
      "MetadataNoTokenRejected",
      "--dimensions",
      "Name=InstanceId,Value=i-0cli",
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
      "--treat-missing-data",
      "notBreaching",
      "--alarm-actions",
      topic,
    ];
    // put-metric-alarm prints nothing on success (no output shape), so run it without JSON parsing.
    await run(AWS, [...base, "--alarm-name", "cli-alarm", "--endpoint-url", sim.url], {
      env: env(cell.accountId),
      timeout: 60_000,
    });
    const out = await aws(["cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm"], cell.accountId);
    expect(out).toMatchObject({
      MetricAlarms: [
        {
          AlarmName: "cli-alarm",
          AlarmArn: `arn:aws:cloudwatch:${cell.region}:${cell.accountId}:alarm:cli-alarm`,
          AlarmActions: [topic],
          StateValue: "INSUFFICIENT_DATA",
          Dimensions: [{ Name: "InstanceId", Value: "i-0cli" }],
          Period: 300,
          Threshold: 0,
          ComparisonOperator: "GreaterThanThreshold",
          TreatMissingData: "notBreaching",
        },
      ],
      CompositeAlarms: [],
    });
    const err = await run(AWS, [...base, "--alarm-name", "bad", "--period", "90", "--endpoint-url", sim.url], {
      env: env(cell.accountId),
      timeout: 60_000,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err && typeof err === "object" && "stderr" in err ? String(err.stderr) : "").toContain(
      "InvalidParameterValue",
    );
  });

  it("surfaces EC2 errors with their codes", async () => {
    const err = await aws(["ec2", "describe-instances", "--max-results", "3"], cell.accountId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err && typeof err === "object" && "stderr" in err ? String(err.stderr) : "").toContain(
      "InvalidParameterValue",
    );
  });
});

describe("boto3 1.26", () => {
  it("pages describe_instances and list_metrics, reads get_metric_data and sts", async () => {
    const truth = sim.fleet.listInstances(cell.accountId, cell.region);
    const ids = truth
      .filter((v) => v.state === "running")
      .slice(0, 4)
      .map((v) => v.instanceId);
    const start = Math.floor(TEST_NOW / DAY) * DAY - 2 * DAY;
    const script = join(home, "check.py");
    writeFileSync(
      script,
      `
import json, sys, datetime
import boto3
url, account, region, start, ids = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5].split(",")
base = boto3.session.Session(aws_access_key_id="AKIASIMULATOR0000000", aws_secret_access_key="x", region_name=region)
sts = base.client("sts", endpoint_url=url)
role = sts.assume_role(RoleArn="arn:aws:iam::%s:role/imds-audit" % account, RoleSessionName="boto3")["Credentials"]
s = boto3.session.Session(aws_access_key_id=role["AccessKeyId"], aws_secret_access_key=role["SecretAccessKey"],
                          aws_session_token=role["SessionToken"], region_name=region)
out = {"assumed": s.client("sts", endpoint_url=url).get_caller_identity()["Account"]}
ec2 = s.client("ec2", endpoint_url=url)
out["instances"] = [i["InstanceId"] for page in ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5})
                    for r in page["Reservations"] for i in r["Instances"]]
cw = s.client("cloudwatch", endpoint_url=url)
out["metrics"] = sum(len(p["Metrics"]) for p in cw.get_paginator("list_metrics").paginate(Namespace="AWS/EC2"))
t0 = datetime.datetime.fromtimestamp(start, tz=datetime.timezone.utc)
res = cw.get_metric_data(StartTime=t0, EndTime=t0 + datetime.timedelta(days=1), MetricDataQueries=[
    {"Id": "q%d" % n, "MetricStat": {"Metric": {"Namespace": "AWS/EC2", "MetricName": m,
     "Dimensions": [{"Name": "InstanceId", "Value": i}]}, "Period": 3600, "Stat": "Sum"}}
    for n, (i, m) in enumerate((i, m) for i in ids for m in ("MetadataNoToken", "MetadataNoTokenRejected"))])
out["sums"] = [sum(r["Values"]) for r in res["MetricDataResults"]]
out["points"] = [len(r["Values"]) for r in res["MetricDataResults"]]
print(json.dumps(out))
`,
    );
    const { stdout } = await run(
      PYTHON,
      [script, sim.url, cell.accountId, cell.region, String(start / 1000), ids.join(",")],
      {
        env: env(),
        timeout: 60_000,
      },
    );
    // safe because check.py prints exactly this shape (checked field by field below)
    const out = JSON.parse(stdout) as {
      assumed: string;
      instances: string[];
      metrics: number;
      sums: number[];
      points: number[];
    };
    expect(out.assumed).toBe(cell.accountId);
    expect(out.instances).toEqual(truth.map((v) => v.instanceId));
    const active = truth.filter(
      (v) => sim.fleet.metricSum(v.instanceId, "MetadataNoToken", TEST_NOW - 14 * DAY, TEST_NOW) !== null,
    );
    expect(out.metrics).toBe(active.length * 2);
    expect(out.sums).toEqual(
      ids.flatMap((id) =>
        (["MetadataNoToken", "MetadataNoTokenRejected"] as const).map(
          (m) => sim.fleet.metricSum(id, m, start, start + DAY) ?? 0,
        ),
      ),
    );
    expect(out.points.every((n) => n === 24)).toBe(true);
  });
  it("puts metric alarms and pages describe_alarms", async () => {
    const script = join(home, "alarms.py");
    writeFileSync(
      script,
      `
import json, sys
import boto3
url, account, region = sys.argv[1], sys.argv[2], sys.argv[3]
s = boto3.session.Session(aws_access_key_id="ASIASIM0" + account, aws_secret_access_key="x",
                          aws_session_token="boto3", region_name=region)
cw = s.client("cloudwatch", endpoint_url=url)
for n in range(5):
    cw.put_metric_alarm(AlarmName="boto-%d" % n, Namespace="AWS/EC2", MetricName="MetadataNoTokenRejected",
        Dimensions=[{"Name": "InstanceId", "Value": "i-0boto%d" % n}], Statistic="Sum", Period=300,
        EvaluationPeriods=1, Threshold=0.0, ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching", AlarmActions=["arn:aws:sns:%s:%s:imds-alerts" % (region, account)])
pages = list(cw.get_paginator("describe_alarms").paginate(AlarmNamePrefix="boto-", PaginationConfig={"PageSize": 2}))
alarms = [a for p in pages for a in p["MetricAlarms"]]
try:
    cw.put_metric_alarm(AlarmName="bad", Namespace="AWS/EC2", MetricName="m", Statistic="Sum", Period=90,
        EvaluationPeriods=1, Threshold=0.0, ComparisonOperator="GreaterThanThreshold")
    error = None
except cw.exceptions.ClientError as e:
    error = e.response["Error"]["Code"]
print(json.dumps({"pages": len(pages), "names": [a["AlarmName"] for a in alarms],
    "dims": [a["Dimensions"][0]["Value"] for a in alarms], "periods": [a["Period"] for a in alarms],
    "actions": alarms[0]["AlarmActions"], "state": alarms[0]["StateValue"],
    "updated": alarms[0]["AlarmConfigurationUpdatedTimestamp"].timestamp(), "error": error}))
`,
    );
    const { stdout } = await run(PYTHON, [script, sim.url, cell.accountId, cell.region], {
      env: env(),
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      pages: 3,
      names: ["boto-0", "boto-1", "boto-2", "boto-3", "boto-4"],
      dims: ["i-0boto0", "i-0boto1", "i-0boto2", "i-0boto3", "i-0boto4"],
      periods: [300, 300, 300, 300, 300],
      actions: [`arn:aws:sns:${cell.region}:${cell.accountId}:imds-alerts`],
      state: "INSUFFICIENT_DATA",
      updated: TEST_NOW / 1000,
      error: "InvalidParameterValue",
    });
  });
});
