import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { listAuditEntries } from "@/lib/db/write/audit";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { LOCAL_ADMIN } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { accountCredentials, clientSettings, TEST_NOW } from "@/lib/simulator/testing";
import type { ChangeContext } from "./context";
import { createRejectedAlarm, getRejectedAlarmStatus } from "./create-rejected-alarm";
import { removeRejectedAlarm } from "./remove-rejected-alarm";

describe.each(databaseKinds())("createRejectedAlarm against the simulator (%s)", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  let instanceId: string;
  let accountId: string;
  let region: string;
  const TEMPLATE = "arn:aws:sns:{region}:{accountId}:imds-alerts";

  const ctx = (overrides: Partial<ChangeContext> = {}): ChangeContext => ({
    db: database,
    aws: simulatorContext(sim.url, 1),
    assumeRoleName: "IMDSDashboardReadOnly",
    actor: LOCAL_ADMIN,
    alarmTopicTemplate: TEMPLATE,
    now: () => TEST_NOW,
    ...overrides,
  });

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: { seed: 12, instances: 30, accounts: 2, regions: 2, now: TEST_NOW },
      clock: () => TEST_NOW,
    });
    database = await openTestDatabase(kind);
    await runCollection(
      {
        db: database,
        aws: simulatorContext(sim.url, 2),
        settings: testCollectorSettings({ backfillDays: 1, historyDays: 0 }),
        databaseUrl: database.url ?? undefined,
        now: () => TEST_NOW,
      },
      { trigger: "cli" },
    );
    // An instance of a member account, so the alarm is made through the assumed role.
    const member = sim.fleet.activeAccounts().find((a) => !a.isManagement)!;
    const cell = sim.fleet.regions.find((r) => sim.fleet.listInstances(member.id, r).length > 0)!;
    instanceId = sim.fleet.listInstances(member.id, cell)[0]!.instanceId;
    accountId = member.id;
    region = cell;
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await sim?.close();
  });

  it("creates the alarm in the instance's account and region, audited, and reads it back", async () => {
    const status = await getRejectedAlarmStatus({ ctx: ctx(), input: { instanceId } });
    expect(status).toMatchObject({ configured: true, alarm: null, failure: null, accountId, region });

    const result = await createRejectedAlarm({ ctx: ctx(), input: { instanceId } });
    const topic = `arn:aws:sns:${region}:${accountId}:imds-alerts`;
    expect(result).toMatchObject({ created: true, alarmName: `imds-rejected-${instanceId}`, topicArn: topic });
    expect(result.alarm).toMatchObject({ state: "INSUFFICIENT_DATA", alarmActions: [topic] });

    // What CloudWatch holds, read with the SDK directly.
    const cw = new CloudWatchClient(clientSettings(sim, region, accountCredentials(accountId)));
    const described = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`imds-rejected-${instanceId}`] }));
    expect(described.MetricAlarms).toHaveLength(1);
    expect(described.MetricAlarms?.[0]).toMatchObject({
      Namespace: "AWS/EC2",
      MetricName: "MetadataNoTokenRejected",
      Dimensions: [{ Name: "InstanceId", Value: instanceId }],
      Statistic: "Sum",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [topic],
    });

    // Idempotent: a second click updates the same alarm.
    const again = await createRejectedAlarm({ ctx: ctx(), input: { instanceId } });
    expect(again.created).toBe(false);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "imds-rejected-" }))).MetricAlarms).toHaveLength(
      1,
    );

    const audit = await listAuditEntries(database.prisma, {
      account: accountId,
      region: null,
      action: "cloudwatch-alarm.create",
      status: null,
      actor: null,
      change: null,
      cursor: null,
      limit: 10,
    });
    expect(audit.entries.map((e) => [e.instanceId, e.status, e.actorName])).toEqual([
      [instanceId, "succeeded", "Local user"],
      [instanceId, "succeeded", "Local user"],
    ]);
    expect(audit.entries[1]!.before).toEqual({ alarm: null });
    expect(audit.entries[0]!.awsRequestId).toBeTruthy();
  });

  it("explains the missing configuration, refuses viewers, and reports AWS errors with code, account and region", async () => {
    const unconfigured = await createRejectedAlarm({
      ctx: ctx({ alarmTopicTemplate: null }),
      input: { instanceId },
    }).catch((e: unknown) => e);
    expect(unconfigured).toBeInstanceOf(AppError);
    expect((unconfigured as AppError).message).toMatch(/set ALARM_SNS_TOPIC_ARN/);
    const viewer = await createRejectedAlarm({
      ctx: ctx({ actor: { ...LOCAL_ADMIN, role: "viewer" } }),
      input: { instanceId },
    }).catch((e: unknown) => e);
    expect((viewer as AppError).status).toBe(403);
    const unknown = await createRejectedAlarm({ ctx: ctx(), input: { instanceId: "i-0000000000000000f" } }).catch(
      (e: unknown) => e,
    );
    expect((unknown as AppError).status).toBe(404);

    sim.knobs.denied = [{ accountId, region }];
    try {
      const denied = (await createRejectedAlarm({ ctx: ctx(), input: { instanceId } }).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(denied.status).toBe(502);
      expect(denied.message).toMatch(
        new RegExp(`^DescribeAlarms failed in account ${accountId}, ${region}: AccessDenied: `),
      );
      const status = await getRejectedAlarmStatus({ ctx: ctx(), input: { instanceId } });
      expect(status.failure?.code).toBe("AccessDenied");
    } finally {
      sim.knobs.denied = [];
    }
  });

  it("removes the alarm it created (DeleteAlarms), audited before and after, and refuses what it cannot remove", async () => {
    await createRejectedAlarm({ ctx: ctx(), input: { instanceId } });
    const cw = new CloudWatchClient(clientSettings(sim, region, accountCredentials(accountId)));
    const name = `imds-rejected-${instanceId}`;
    // Another alarm in the same account-region must survive.
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: `${name}-kept`,
        Namespace: "AWS/EC2",
        MetricName: "MetadataNoToken",
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );

    const viewer = await removeRejectedAlarm({
      ctx: ctx({ actor: { ...LOCAL_ADMIN, role: "viewer" } }),
      input: { instanceId },
    }).catch((e: unknown) => e);
    expect((viewer as AppError).status).toBe(403);
    const malformed = await removeRejectedAlarm({ ctx: ctx(), input: { instanceId: "not-an-id" } }).catch(
      (e: unknown) => e,
    );
    expect(malformed).toBeInstanceOf(ZodError);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms).toHaveLength(1);

    const removed = await removeRejectedAlarm({ ctx: ctx(), input: { instanceId } });
    expect(removed).toMatchObject({ alarmName: name, accountId, region, gone: true, failure: null });
    expect(removed.deleted.alarmActions).toEqual([`arn:aws:sns:${region}:${accountId}:imds-alerts`]);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms).toEqual([]);
    expect(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`${name}-kept`] }))).MetricAlarms?.map(
        (a) => a.AlarmName,
      ),
    ).toEqual([`${name}-kept`]);
    expect((await getRejectedAlarmStatus({ ctx: ctx(), input: { instanceId } })).alarm).toBeNull();

    const audit = await listAuditEntries(database.prisma, {
      account: accountId,
      region: null,
      action: "cloudwatch-alarm.delete",
      status: null,
      actor: null,
      change: null,
      cursor: null,
      limit: 10,
    });
    expect(audit.entries.map((e) => [e.id, e.instanceId, e.status, e.actorName])).toEqual([
      [removed.auditId, instanceId, "succeeded", "Local user"],
    ]);
    expect(audit.entries[0]!.before).toMatchObject({ alarm: name, state: "INSUFFICIENT_DATA" });
    expect(audit.entries[0]!.after).toEqual({ alarm: null });
    expect(audit.entries[0]!.awsRequestId).toBeTruthy();

    // Nothing left to remove: 404, and no audit row for a removal that did not happen.
    const again = await removeRejectedAlarm({ ctx: ctx(), input: { instanceId } }).catch((e: unknown) => e);
    expect((again as AppError).status).toBe(404);
    expect((again as AppError).message).toMatch(/does not exist in account/);

    // A refused DeleteAlarms is recorded as failed with AWS's code, account and region.
    await createRejectedAlarm({ ctx: ctx(), input: { instanceId } });
    const failing = ctx({
      hooks: {
        afterAuditWrite: async () => {
          sim.knobs.denied = [{ accountId, region }];
        },
      },
    });
    try {
      const denied = (await removeRejectedAlarm({ ctx: failing, input: { instanceId } }).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(denied.status).toBe(502);
      expect(denied.message).toMatch(
        new RegExp(`^DeleteAlarms failed in account ${accountId}, ${region}: AccessDenied: `),
      );
    } finally {
      sim.knobs.denied = [];
    }
    const failed = await listAuditEntries(database.prisma, {
      account: accountId,
      region: null,
      action: "cloudwatch-alarm.delete",
      status: "failed",
      actor: null,
      change: null,
      cursor: null,
      limit: 10,
    });
    expect(failed.entries.map((e) => [e.status, e.errorCode])).toEqual([["failed", "AccessDenied"]]);
    expect(sim.fleet.findMetricAlarm(accountId, region, name)).toBeDefined();
  });
});
