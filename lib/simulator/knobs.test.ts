import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  ModifyInstanceMetadataDefaultsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultKnobs } from "./knobs";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, errorOf, TEST_NOW } from "./testing";

let sim: RunningSimulator;
let member: string;

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 3, instances: 400, now: TEST_NOW }, clock: () => TEST_NOW });
  member = sim.fleet.accounts[1]?.id ?? "";
});
afterAll(() => sim.close());
afterEach(() => {
  Object.assign(sim.knobs, defaultKnobs());
  sim.resetStats();
});

const ec2 = (maxAttempts = 1, accountId = member, region = "us-east-1") =>
  new EC2Client(clientSettings(sim, region, accountCredentials(accountId), maxAttempts));
const cw = (maxAttempts = 1, accountId = member, region = "us-east-1") =>
  new CloudWatchClient(clientSettings(sim, region, accountCredentials(accountId), maxAttempts));

describe("throttling", () => {
  it("surfaces RequestLimitExceeded (503) and Throttling (400) with maxAttempts 1", async () => {
    sim.knobs.throttleRate = 1;
    const e = await errorOf(() => ec2().send(new DescribeInstancesCommand({})));
    expect(e.name).toBe("RequestLimitExceeded");
    expect(e.$metadata?.httpStatusCode).toBe(503);
    const c = await errorOf(() => cw().send(new ListMetricsCommand({})));
    expect(c.name).toBe("Throttling");
    expect(c.Code).toBe("Throttling");
    expect(c.$metadata?.httpStatusCode).toBe(400);
    expect(sim.stats.errors).toMatchObject({ "ec2:RequestLimitExceeded": 1, "monitoring:Throttling": 1 });
  });

  it("lets the SDK's default retries succeed at throttleRate 0.2", async () => {
    sim.knobs.throttleRate = 0.2;
    const client = new EC2Client({ endpoint: sim.url, region: "us-east-1", credentials: accountCredentials(member) });
    const metrics = new CloudWatchClient({
      endpoint: sim.url,
      region: "us-east-1",
      credentials: accountCredentials(member),
    });
    for (let i = 0; i < 12; i++) {
      const out = await client.send(new DescribeInstancesCommand({ MaxResults: 5 }));
      expect(out.Reservations).toHaveLength(5);
      expect((await metrics.send(new ListMetricsCommand({}))).Metrics?.length).toBeGreaterThan(0);
    }
    const throttled =
      (sim.stats.errors["ec2:RequestLimitExceeded"] ?? 0) + (sim.stats.errors["monitoring:Throttling"] ?? 0);
    expect(throttled).toBeGreaterThan(0);
    expect(sim.stats.total).toBe(24 + throttled);
  }, 30_000);

  it("enforces EC2 token buckets per account x region x API", async () => {
    sim.knobs.tokenBuckets = true;
    const client = ec2();
    // ModifyInstanceMetadataDefaults: bucket of 2.
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ InstanceMetadataTags: "enabled" }));
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ InstanceMetadataTags: "disabled" }));
    const third = await errorOf(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ InstanceMetadataTags: "enabled" })),
    );
    expect(third.name).toBe("RequestLimitExceeded");
    // Another region has its own bucket.
    await ec2(1, member, "eu-west-1").send(
      new ModifyInstanceMetadataDefaultsCommand({ InstanceMetadataTags: "enabled" }),
    );
    // Unfiltered, unpaginated DescribeInstances: bucket of 50; paginated calls use another bucket.
    const started = performance.now();
    let succeeded = 0;
    let refusal: string | undefined;
    while (succeeded < 300 && !refusal) {
      const calls = await Promise.allSettled(
        Array.from({ length: 10 }, () => client.send(new DescribeInstancesCommand({}))),
      );
      for (const c of calls) {
        if (c.status === "fulfilled") succeeded++;
        else refusal ??= c.reason instanceof Error ? c.reason.name : String(c.reason);
      }
    }
    const refilled = Math.ceil(((performance.now() - started) / 1000) * 10);
    expect(refusal).toBe("RequestLimitExceeded");
    expect(succeeded).toBeGreaterThanOrEqual(50);
    expect(succeeded).toBeLessThanOrEqual(50 + refilled + 10);
    expect((await client.send(new DescribeInstancesCommand({ MaxResults: 5 }))).Reservations).toHaveLength(5);
  });
});

describe("failures and denial", () => {
  it("answers serverErrorRate with 500 InternalError (EC2) and InternalServiceError (CloudWatch)", async () => {
    sim.knobs.serverErrorRate = 1;
    const e = await errorOf(() => ec2().send(new DescribeRegionsCommand({})));
    expect(e.name).toBe("InternalError");
    expect(e.$metadata?.httpStatusCode).toBe(500);
    const c = await errorOf(() => cw().send(new ListMetricsCommand({})));
    expect(c.Code).toBe("InternalServiceError");
    expect(c.$metadata?.httpStatusCode).toBe(500);
  });

  it("refuses EC2 and CloudWatch in a denied account-region only", async () => {
    sim.knobs.denied = [{ accountId: member, region: "us-east-1" }];
    const e = await errorOf(() => ec2().send(new DescribeInstancesCommand({})));
    expect(e.name).toBe("UnauthorizedOperation");
    expect(e.$metadata?.httpStatusCode).toBe(403);
    const c = await errorOf(() => cw().send(new ListMetricsCommand({})));
    expect(c.Code).toBe("AccessDenied");
    expect(c.$metadata?.httpStatusCode).toBe(403);
    expect((await ec2(1, member, "us-west-2").send(new DescribeRegionsCommand({}))).Regions?.length).toBe(4);
    sim.knobs.denied = [{ accountId: member, region: "us-east-1", code: "AccessDenied" }];
    expect((await errorOf(() => ec2().send(new DescribeInstancesCommand({})))).name).toBe("AccessDenied");
  });

  it("refuses only the named operations, with EC2's UnauthorizedOperation 403 XML", async () => {
    sim.knobs.denied = [{ accountId: member, region: "us-east-1", operations: ["DescribeRegions"] }];
    const e = await errorOf(() => ec2().send(new DescribeRegionsCommand({})));
    expect(e.name).toBe("UnauthorizedOperation");
    expect(e.$metadata?.httpStatusCode).toBe(403);
    expect(e.message).toMatch(/not authorized to perform: ec2:DescribeRegions in us-east-1/);
    // Other operations there, and the same operation elsewhere, are served.
    expect((await ec2().send(new DescribeInstancesCommand({ MaxResults: 5 }))).Reservations?.length).toBeGreaterThan(0);
    expect((await ec2(1, member, "us-west-2").send(new DescribeRegionsCommand({}))).Regions?.length).toBe(4);
    expect((await cw().send(new ListMetricsCommand({}))).Metrics?.length).toBeGreaterThan(0);
    const raw = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `AWS4-HMAC-SHA256 Credential=ASIASIM0${member}/20261122/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: "Action=DescribeRegions&Version=2016-11-15",
    });
    expect(raw.status).toBe(403);
    expect(await raw.text()).toMatch(
      /^<\?xml[^>]*>\s*<Response><Errors><Error><Code>UnauthorizedOperation<\/Code><Message>You are not authorized to perform this operation\..*<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>$/s,
    );
  });

  it("adds latencyMs to every call", async () => {
    sim.knobs.latencyMs = 150;
    const started = performance.now();
    await ec2().send(new DescribeRegionsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe("stats", () => {
  it("counts calls per operation and per account-region, and resets", async () => {
    await ec2().send(new DescribeRegionsCommand({}));
    await ec2().send(new DescribeRegionsCommand({}));
    await cw(1, member, "eu-west-1").send(new ListMetricsCommand({}));
    expect(sim.stats.total).toBe(3);
    expect(sim.stats.byOperation).toEqual({ "ec2:DescribeRegions": 2, "monitoring:ListMetrics": 1 });
    expect(sim.stats.byAccountRegion[`${member}/us-east-1`]).toEqual({ "ec2:DescribeRegions": 2 });
    expect(sim.stats.byAccountRegion[`${member}/eu-west-1`]).toEqual({ "monitoring:ListMetrics": 1 });
    sim.resetStats();
    expect(sim.stats.total).toBe(0);
    expect(sim.stats.byOperation).toEqual({});
  });

  it("rejects invalid knob values with a message naming the knob", async () => {
    expect(() => defaultKnobs({ throttleRate: 2 })).toThrow(/throttleRate/);
    await expect(startSimulator({ knobs: { serverErrorRate: -1 }, fleet: { instances: 1 } })).rejects.toThrow(
      /serverErrorRate/,
    );
  });
});
