import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, errorOf, TEST_NOW } from "./testing";

let sim: RunningSimulator;
let accountId: string;
let otherAccountId: string;
const region = "us-east-1";

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 8, instances: 30, accounts: 2, now: TEST_NOW }, clock: () => TEST_NOW });
  const [first, second] = sim.fleet.activeAccounts();
  if (!first || !second) throw new Error("need two accounts");
  accountId = first.id;
  otherAccountId = second.id;
});
afterAll(() => sim.close());

const cw = (account = accountId, r = region) =>
  new CloudWatchClient(clientSettings(sim, r, accountCredentials(account)));

function alarm(name: string, overrides: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    AlarmDescription: "IMDSv1 calls rejected",
    Namespace: "AWS/EC2",
    MetricName: "MetadataNoTokenRejected",
    Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
    Statistic: "Sum",
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    AlarmActions: [`arn:aws:sns:${region}:${accountId}:imds-alerts`],
    ...overrides,
  };
}

describe("PutMetricAlarm and DescribeAlarms (JS SDK, awsJson1_0)", () => {
  it("creates an alarm that DescribeAlarms reads back with AWS's shape, per account and region", async () => {
    await cw().send(new PutMetricAlarmCommand(alarm("imds-rejected-a")));
    const out = await cw().send(new DescribeAlarmsCommand({ AlarmNames: ["imds-rejected-a"] }));
    expect(out.CompositeAlarms).toEqual([]);
    expect(out.NextToken).toBeUndefined();
    expect(out.MetricAlarms).toHaveLength(1);
    expect(out.MetricAlarms?.[0]).toMatchObject({
      AlarmName: "imds-rejected-a",
      AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:imds-rejected-a`,
      AlarmDescription: "IMDSv1 calls rejected",
      ActionsEnabled: true,
      AlarmActions: [`arn:aws:sns:${region}:${accountId}:imds-alerts`],
      OKActions: [],
      StateValue: "INSUFFICIENT_DATA",
      Namespace: "AWS/EC2",
      MetricName: "MetadataNoTokenRejected",
      Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
      Statistic: "Sum",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    });
    expect(out.MetricAlarms?.[0]?.AlarmConfigurationUpdatedTimestamp?.getTime()).toBe(TEST_NOW);
    // Alarms are regional and per account.
    expect((await cw(accountId, "eu-west-1").send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
    expect((await cw(otherAccountId).send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it("is create-or-update: the same name replaces the configuration and keeps one alarm", async () => {
    await cw().send(new PutMetricAlarmCommand(alarm("imds-rejected-b")));
    await cw().send(new PutMetricAlarmCommand(alarm("imds-rejected-b", { Threshold: 5, EvaluationPeriods: 3 })));
    const out = await cw().send(new DescribeAlarmsCommand({ AlarmNamePrefix: "imds-rejected-b" }));
    expect(out.MetricAlarms?.map((a) => [a.AlarmName, a.Threshold, a.EvaluationPeriods])).toEqual([
      ["imds-rejected-b", 5, 3],
    ]);
  });

  it("filters by prefix and state and pages with MaxRecords and NextToken", async () => {
    for (let i = 0; i < 7; i++) await cw().send(new PutMetricAlarmCommand(alarm(`page-${i}`)));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await cw().send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: "page-", MaxRecords: 3, NextToken: token }),
      );
      names.push(...(out.MetricAlarms ?? []).map((a) => a.AlarmName ?? ""));
      token = out.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `page-${i}`));
    expect((await cw().send(new DescribeAlarmsCommand({ StateValue: "ALARM" }))).MetricAlarms).toEqual([]);
    const insufficient = await cw().send(
      new DescribeAlarmsCommand({ StateValue: "INSUFFICIENT_DATA", MaxRecords: 100 }),
    );
    expect(insufficient.MetricAlarms?.length).toBeGreaterThanOrEqual(9);
    expect((await cw().send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }))).MetricAlarms).toEqual([]);
  });

  it("validates like CloudWatch", async () => {
    const refused = async (input: PutMetricAlarmCommandInput) => {
      const err = await errorOf(() => cw().send(new PutMetricAlarmCommand(input)));
      return [err.name, err.$metadata?.httpStatusCode, err.message];
    };
    expect(await refused(alarm("x".repeat(256)))).toEqual([
      "InvalidParameterValueException",
      400,
      expect.stringContaining("AlarmName"),
    ]);
    expect((await refused(alarm("bad-op", { ComparisonOperator: "Bigger" as never })))[2]).toMatch(
      /ComparisonOperator must be one of GreaterThanOrEqualToThreshold/,
    );
    expect((await refused(alarm("bad-eval", { EvaluationPeriods: 0 })))[2]).toMatch(/EvaluationPeriods/);
    expect((await refused(alarm("bad-period", { Period: 90 })))[2]).toMatch(/10, 30 or a multiple of 60/);
    expect((await refused(alarm("bad-stat", { Statistic: "Median" as never })))[2]).toMatch(/Statistic/);
    expect((await refused(alarm("bad-action", { AlarmActions: ["not-an-arn"] })))[2]).toMatch(/valid action ARN/);
    expect((await refused(alarm("bad-missing", { TreatMissingData: "zero" })))[2]).toMatch(/TreatMissingData/);
    expect((await refused(alarm("no-threshold", { Threshold: undefined })))[0]).toBe(
      "MissingRequiredParameterException",
    );
    expect((await refused(alarm("both-stats", { ExtendedStatistic: "p99" })))[0]).toBe(
      "InvalidParameterCombinationException",
    );
    // High-resolution periods are allowed.
    await cw().send(new PutMetricAlarmCommand(alarm("high-res", { Period: 10 })));

    const badPage = await errorOf(() => cw().send(new DescribeAlarmsCommand({ MaxRecords: 101 })));
    expect(badPage.name).toBe("InvalidParameterValueException");
    const both = await errorOf(() => cw().send(new DescribeAlarmsCommand({ AlarmNames: ["a"], AlarmNamePrefix: "a" })));
    expect(both.name).toBe("InvalidParameterCombinationException");
    const token = await errorOf(() => cw().send(new DescribeAlarmsCommand({ NextToken: "nope" })));
    expect(token.name).toBe("InvalidNextToken");
  });
});

describe("PutMetricAlarm and DescribeAlarms (query protocol)", () => {
  const auth = `AWS4-HMAC-SHA256 Credential=ASIASIM0${"{account}"}/20261122/${region}/monitoring/aws4_request, SignedHeaders=host, Signature=x`;
  const post = (form: Record<string, string>) =>
    fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: auth.replace("{account}", accountId),
      },
      body: new URLSearchParams({ Version: "2010-08-01", ...form }).toString(),
    });

  it("accepts the form-encoded request and answers XML", async () => {
    const put = await post({
      Action: "PutMetricAlarm",
      AlarmName: "form-alarm",
      Namespace: "AWS/EC2",
      MetricName: "MetadataNoTokenRejected",
      "Dimensions.member.1.Name": "InstanceId",
      "Dimensions.member.1.Value": "i-0abc",
      Statistic: "Sum",
      Period: "300",
      EvaluationPeriods: "1",
      Threshold: "0",
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      "AlarmActions.member.1": `arn:aws:sns:${region}:${accountId}:imds-alerts`,
    });
    expect(put.status).toBe(200);
    const putXml = await put.text();
    expect(putXml).toContain("<PutMetricAlarmResponse");
    expect(putXml).not.toContain("PutMetricAlarmResult");

    const described = await post({ Action: "DescribeAlarms", "AlarmNames.member.1": "form-alarm" });
    const xml = await described.text();
    expect(described.status).toBe(200);
    expect(xml).toMatch(
      /<DescribeAlarmsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><DescribeAlarmsResult><MetricAlarms><member><AlarmName>form-alarm<\/AlarmName>/,
    );
    expect(xml).toContain(
      `<AlarmActions><member>arn:aws:sns:${region}:${accountId}:imds-alerts</member></AlarmActions>`,
    );
    expect(xml).toContain("<Dimensions><member><Name>InstanceId</Name><Value>i-0abc</Value></member></Dimensions>");
    expect(xml).toContain("<CompositeAlarms/>");

    const bad = await post({ Action: "PutMetricAlarm", AlarmName: "x", Namespace: "AWS/EC2", MetricName: "m" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<Code>InvalidParameterCombination<\/Code>/);
  });
});
