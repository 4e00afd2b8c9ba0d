import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  EC2Client,
  GetInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataOptionsCommand,
  paginateDescribeInstances,
  type DescribeLaunchTemplateVersionsCommandInput,
  type Filter,
} from "@aws-sdk/client-ec2";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, DAY, errorOf, manualClock, TEST_NOW } from "./testing";

const clock = manualClock();
let sim: RunningSimulator;
let management: string;
let member: string;

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 11, instances: 1500, now: TEST_NOW }, clock: clock.now });
  management = sim.fleet.managementAccount.id;
  member = sim.fleet.accounts[1]?.id ?? "";
});
afterAll(() => sim.close());

function ec2(accountId = member, region = "us-east-1"): EC2Client {
  return new EC2Client(clientSettings(sim, region, accountCredentials(accountId)));
}

async function allIds(client: EC2Client, filters?: Filter[]): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateDescribeInstances({ client, pageSize: 5 }, { Filters: filters })) {
    for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) ids.push(i.InstanceId ?? "");
  }
  return ids;
}

describe("DescribeRegions", () => {
  it("lists the fleet's regions, and not-opted-in ones only with AllRegions", async () => {
    const enabled = await ec2().send(new DescribeRegionsCommand({}));
    expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(sim.fleet.regions);
    expect(enabled.Regions?.every((r) => r.OptInStatus === "opt-in-not-required")).toBe(true);
    const all = await ec2().send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.filter((r) => r.OptInStatus === "not-opted-in").length).toBeGreaterThanOrEqual(2);
    const one = await ec2().send(new DescribeRegionsCommand({ RegionNames: ["eu-west-1"] }));
    expect(one.Regions?.map((r) => r.RegionName)).toEqual(["eu-west-1"]);
  });
});

describe("DescribeInstances", () => {
  it("pages with MaxResults 5 to exactly the ground truth, without duplicates, in every account-region", async () => {
    for (const account of sim.fleet.activeAccounts()) {
      for (const region of sim.fleet.regions.slice(0, 2)) {
        const ids = await allIds(ec2(account.id, region));
        expect(ids).toEqual(sim.fleet.listInstances(account.id, region).map((v) => v.instanceId));
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it("omits nextToken on the last page", async () => {
    const truth = sim.fleet.listInstances(member, "us-east-1");
    const page = await ec2().send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    expect(page.Reservations).toHaveLength(truth.length);
    expect(page.NextToken).toBeUndefined();
  });

  it("shows the fields the collector reads", async () => {
    const truth = sim.fleet.listInstances(member, "us-east-1")[0];
    if (!truth) throw new Error("empty account-region");
    const out = await ec2().send(new DescribeInstancesCommand({ InstanceIds: [truth.instanceId] }));
    const reservation = out.Reservations?.[0];
    const inst = reservation?.Instances?.[0];
    expect(reservation?.OwnerId).toBe(member);
    expect(inst?.State).toEqual({ Code: truth.stateCode, Name: truth.state });
    expect(inst?.LaunchTime?.getTime()).toBe(truth.launchTime);
    expect(inst?.Placement?.AvailabilityZone).toBe(truth.availabilityZone);
    expect(inst?.Tags?.map((t) => ({ key: t.Key, value: t.Value }))).toEqual(truth.tags);
    expect(inst?.MetadataOptions).toEqual({
      State: "applied",
      HttpTokens: truth.metadataOptions.httpTokens,
      HttpPutResponseHopLimit: truth.metadataOptions.httpPutResponseHopLimit,
      HttpEndpoint: truth.metadataOptions.httpEndpoint,
      HttpProtocolIpv6: truth.metadataOptions.httpProtocolIpv6,
      InstanceMetadataTags: truth.metadataOptions.instanceMetadataTags,
    });
  });

  it("filters by state, http-tokens, tags, tag-key, image-id and hop limit", async () => {
    const truth = sim.fleet.listInstances(member, "us-east-1");
    const check = async (filters: Filter[], keep: (v: (typeof truth)[number]) => boolean) => {
      const expected = truth.filter(keep).map((v) => v.instanceId);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(await allIds(ec2(), filters)).toEqual(expected);
    };
    await check(
      [{ Name: "metadata-options.http-tokens", Values: ["optional"] }],
      (v) => v.metadataOptions.httpTokens === "optional",
    );
    await check(
      [
        { Name: "instance-state-name", Values: ["running"] },
        { Name: "metadata-options.http-tokens", Values: ["required"] },
      ],
      (v) => v.state === "running" && v.metadataOptions.httpTokens === "required",
    );
    await check(
      [{ Name: "instance-state-name", Values: ["stopped", "stopping"] }],
      (v) => v.state === "stopped" || v.state === "stopping",
    );
    await check([{ Name: "tag:team", Values: ["payments", "platform"] }], (v) =>
      v.tags.some((t) => t.key === "team" && (t.value === "payments" || t.value === "platform")),
    );
    await check([{ Name: "tag:Name", Values: ["web-*"] }], (v) =>
      v.tags.some((t) => t.key === "Name" && t.value.startsWith("web-")),
    );
    await check([{ Name: "tag-key", Values: ["aws:ec2launchtemplate:id"] }], (v) =>
      v.tags.some((t) => t.key === "aws:ec2launchtemplate:id"),
    );
    const image = truth[0]?.imageId ?? "";
    await check([{ Name: "image-id", Values: [image] }], (v) => v.imageId === image);
    await check(
      [{ Name: "metadata-options.http-put-response-hop-limit", Values: ["2"] }],
      (v) => v.metadataOptions.httpPutResponseHopLimit === 2,
    );
    const someId = truth[3]?.instanceId ?? "";
    await check([{ Name: "instance-id", Values: [someId] }], (v) => v.instanceId === someId);
  });

  it("rejects bad MaxResults, MaxResults with InstanceIds, unknown ids, unknown filters and foreign tokens", async () => {
    const bad = await errorOf(() => ec2().send(new DescribeInstancesCommand({ MaxResults: 4 })));
    expect(bad.name).toBe("InvalidParameterValue");
    expect(bad.$metadata?.httpStatusCode).toBe(400);
    expect((await errorOf(() => ec2().send(new DescribeInstancesCommand({ MaxResults: 1001 })))).name).toBe(
      "InvalidParameterValue",
    );
    const someId = sim.fleet.listInstances(member, "us-east-1")[0]?.instanceId ?? "";
    const combo = await errorOf(() =>
      ec2().send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [someId] })),
    );
    expect(combo.name).toBe("InvalidParameterCombination");
    const missing = await errorOf(() =>
      ec2().send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })),
    );
    expect(missing.name).toBe("InvalidInstanceID.NotFound");
    // An instance of another account is not visible here.
    const foreign = sim.fleet.listInstances(management, "us-east-1")[0]?.instanceId ?? "";
    expect((await errorOf(() => ec2().send(new DescribeInstancesCommand({ InstanceIds: [foreign] })))).name).toBe(
      "InvalidInstanceID.NotFound",
    );
    const filter = await errorOf(() =>
      ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: "flavour", Values: ["x"] }] })),
    );
    expect(filter.name).toBe("InvalidParameterValue");
    const first = await ec2().send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const reused = await errorOf(() =>
      ec2().send(
        new DescribeInstancesCommand({
          MaxResults: 5,
          NextToken: first.NextToken,
          Filters: [{ Name: "instance-state-name", Values: ["running"] }],
        }),
      ),
    );
    expect(reused.name).toBe("InvalidPaginationToken");
  });
});

describe("ModifyInstanceMetadataOptions", () => {
  it("answers pending, then describe shows applied once metadataApplyDelayMs has passed", async () => {
    const target = sim.fleet
      .listInstances(member, "us-east-1")
      .find((v) => v.metadataOptions.httpTokens === "optional");
    if (!target) throw new Error("no optional instance");
    const out = await ec2().send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: target.instanceId, HttpPutResponseHopLimit: 3 }),
    );
    expect(out.InstanceId).toBe(target.instanceId);
    expect(out.InstanceMetadataOptions?.State).toBe("pending");
    // Omitted fields keep their value.
    expect(out.InstanceMetadataOptions?.HttpTokens).toBe("optional");
    expect(out.InstanceMetadataOptions?.HttpPutResponseHopLimit).toBe(3);
    const describe = async () =>
      (await ec2().send(new DescribeInstancesCommand({ InstanceIds: [target.instanceId] }))).Reservations?.[0]
        ?.Instances?.[0]?.MetadataOptions;
    expect((await describe())?.State).toBe("pending");
    clock.advance(sim.knobs.metadataApplyDelayMs);
    expect(await describe()).toMatchObject({ State: "applied", HttpPutResponseHopLimit: 3, HttpTokens: "optional" });
  });

  it("switching a v1-calling instance to required turns MetadataNoToken into MetadataNoTokenRejected", async () => {
    clock.set(TEST_NOW);
    const running = new Set(
      sim.fleet
        .listInstances(member, "us-east-1")
        .filter((v) => v.state === "running")
        .map((v) => v.instanceId),
    );
    const blocked = [...running].find((id) => sim.fleet.instanceTruth(id).category === "blocked");
    if (!blocked) throw new Error("no blocked instance");
    const switchedAt = TEST_NOW;
    await ec2().send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: blocked, HttpTokens: "required" }));
    clock.advance(2 * DAY);
    expect(sim.fleet.instanceTruth(blocked).category).toBe("switched-too-early");
    const cw = new CloudWatchClient(clientSettings(sim, "us-east-1", accountCredentials(member)));
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(switchedAt - 2 * DAY),
        EndTime: new Date(switchedAt + 2 * DAY),
        ScanBy: "TimestampAscending",
        MetricDataQueries: ["MetadataNoToken", "MetadataNoTokenRejected"].map((name, i) => ({
          Id: `m${i}`,
          MetricStat: {
            Metric: { Namespace: "AWS/EC2", MetricName: name, Dimensions: [{ Name: "InstanceId", Value: blocked }] },
            Period: 86400,
            Stat: "Sum",
          },
        })),
      }),
    );
    const [noToken, rejected] = out.MetricDataResults ?? [];
    expect(noToken?.Values?.slice(0, 2).every((v) => v > 0)).toBe(true);
    expect(noToken?.Values?.slice(2)).toEqual([0, 0]);
    expect(rejected?.Values?.slice(0, 2)).toEqual([0, 0]);
    expect(rejected?.Values?.slice(2).every((v) => v > 0)).toBe(true);
    expect(rejected?.Values?.[2]).toBe(
      sim.fleet.metricSum(blocked, "MetadataNoTokenRejected", switchedAt, switchedAt + DAY),
    );
    clock.set(TEST_NOW);
  });

  it("DryRun answers DryRunOperation (412) and changes nothing", async () => {
    const target = sim.fleet
      .listInstances(member, "eu-west-1")
      .find((v) => v.metadataOptions.httpTokens === "optional");
    if (!target) throw new Error("no optional instance");
    const err = await errorOf(() =>
      ec2(member, "eu-west-1").send(
        new ModifyInstanceMetadataOptionsCommand({
          InstanceId: target.instanceId,
          HttpTokens: "required",
          DryRun: true,
        }),
      ),
    );
    expect(err.name).toBe("DryRunOperation");
    expect(err.$metadata?.httpStatusCode).toBe(412);
    expect(
      sim.fleet.listInstances(member, "eu-west-1").find((v) => v.instanceId === target.instanceId)?.metadataOptions
        .httpTokens,
    ).toBe("optional");
  });

  it("refuses unknown instances and, where HttpTokensEnforced is enabled, HttpTokens=optional", async () => {
    expect(
      (
        await errorOf(() =>
          ec2().send(
            new ModifyInstanceMetadataOptionsCommand({ InstanceId: "i-0123456789abcdef0", HttpTokens: "required" }),
          ),
        )
      ).name,
    ).toBe("InvalidInstanceID.NotFound");
    const cell = sim.fleet
      .activeAccounts()
      .flatMap((a) => sim.fleet.regions.map((r) => ({ a: a.id, r })))
      .find(({ a, r }) => sim.fleet.getRegionalDefaults(a, r).httpTokensEnforced === "enabled");
    if (!cell) throw new Error("no enforced account-region");
    const inst = sim.fleet.listInstances(cell.a, cell.r)[0];
    if (!inst) throw new Error("enforced account-region is empty");
    const err = await errorOf(() =>
      ec2(cell.a, cell.r).send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: inst.instanceId, HttpTokens: "optional" }),
      ),
    );
    expect(err.name).toBe("OperationNotPermitted");
    expect(err.message).toMatch(/HttpTokensEnforced/);
    // Setting required is still allowed there.
    const ok = await ec2(cell.a, cell.r).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: inst.instanceId, HttpTokens: "required" }),
    );
    expect(ok.InstanceMetadataOptions?.HttpTokens).toBe("required");
  });
});

describe("instance metadata defaults", () => {
  it("round-trips ModifyInstanceMetadataDefaults, with no-preference and -1 clearing settings", async () => {
    const client = ec2(management, "us-east-1");
    await client.send(
      new ModifyInstanceMetadataDefaultsCommand({
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
        HttpTokensEnforced: "enabled",
      }),
    );
    const set = await client.send(new GetInstanceMetadataDefaultsCommand({}));
    expect(set.AccountLevel).toEqual({
      HttpTokens: "required",
      HttpPutResponseHopLimit: 2,
      HttpTokensEnforced: "enabled",
      ManagedBy: "account",
    });
    expect(sim.fleet.getRegionalDefaults(management, "us-east-1").httpTokens).toBe("required");
    await client.send(
      new ModifyInstanceMetadataDefaultsCommand({
        HttpTokens: "no-preference",
        HttpPutResponseHopLimit: -1,
        HttpTokensEnforced: "no-preference",
      }),
    );
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({});
    const dry = await errorOf(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required", DryRun: true })),
    );
    expect(dry.name).toBe("DryRunOperation");
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({});
    const hop = await errorOf(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpPutResponseHopLimit: 65 })),
    );
    expect(hop.name).toBe("InvalidParameterValue");
  });

  it("refuses changes where a declarative policy manages the defaults, showing its message", async () => {
    const cell = sim.fleet
      .activeAccounts()
      .flatMap((a) => sim.fleet.regions.map((r) => ({ a: a.id, r })))
      .find(({ a, r }) => sim.fleet.getRegionalDefaults(a, r).managedBy === "declarative-policy");
    if (!cell) throw new Error("no declarative account-region");
    const client = ec2(cell.a, cell.r);
    const before = await client.send(new GetInstanceMetadataDefaultsCommand({}));
    expect(before.AccountLevel?.ManagedBy).toBe("declarative-policy");
    expect(before.AccountLevel?.ManagedExceptionMessage).toMatch(/contact platform-security/);
    for (const DryRun of [false, true]) {
      const err = await errorOf(() =>
        client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "optional", DryRun })),
      );
      expect(err.name).toBe("OperationNotPermitted");
      expect(err.message).toContain(before.AccountLevel?.ManagedExceptionMessage ?? "?");
    }
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual(before.AccountLevel);
  });
});

describe("DescribeImages", () => {
  it("returns the account-region's AMIs with imdsSupport only where set", async () => {
    const truth = sim.fleet.listImages(member, "us-east-1");
    const out = await ec2().send(new DescribeImagesCommand({ Owners: ["self"] }));
    expect(out.Images?.map((i) => [i.ImageId, i.Name, i.OwnerId, i.ImdsSupport])).toEqual(
      truth.map((i) => [i.imageId, i.name, i.ownerId, i.imdsSupport]),
    );
    const v2 = truth.filter((i) => i.imdsSupport === "v2.0").map((i) => i.imageId);
    const byId = await ec2().send(new DescribeImagesCommand({ ImageIds: v2 }));
    expect(byId.Images?.every((i) => i.ImdsSupport === "v2.0")).toBe(true);
    expect(
      (await errorOf(() => ec2().send(new DescribeImagesCommand({ ImageIds: ["ami-0123456789abcdef0"] })))).name,
    ).toBe("InvalidAMIID.NotFound");
  });
});

describe("DescribeLaunchTemplateVersions", () => {
  const templates = () => sim.fleet.listLaunchTemplates(member, "us-east-1");

  it("resolves $Default and $Latest, and pages all versions newest first", async () => {
    const lagging = sim.fleet
      .activeAccounts()
      .flatMap((a) =>
        sim.fleet.regions.flatMap((r) => sim.fleet.listLaunchTemplates(a.id, r).map((t) => ({ a: a.id, r, t }))),
      )
      .find(({ t }) => t.defaultVersion < t.versions.length);
    if (!lagging) throw new Error("no template with a lagging default");
    const client = ec2(lagging.a, lagging.r);
    const out = await client.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: lagging.t.launchTemplateId,
        Versions: ["$Default", "$Latest"],
      }),
    );
    expect(out.LaunchTemplateVersions?.map((v) => [v.VersionNumber, v.DefaultVersion])).toEqual([
      [lagging.t.defaultVersion, true],
      [lagging.t.versions.length, false],
    ]);
    const latest = lagging.t.versions[lagging.t.versions.length - 1];
    expect(out.LaunchTemplateVersions?.[1]?.LaunchTemplateData?.MetadataOptions?.HttpTokens).toBe(
      latest?.metadataOptions?.httpTokens,
    );

    const seen: number[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeLaunchTemplateVersionsCommand({
          LaunchTemplateName: lagging.t.launchTemplateName,
          MaxResults: 1,
          NextToken,
        }),
      );
      seen.push(...(page.LaunchTemplateVersions ?? []).map((v) => v.VersionNumber ?? 0));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual(lagging.t.versions.map((v) => v.versionNumber).reverse());
  });

  it("refuses unknown templates, versions and bad MaxResults", async () => {
    const t = templates()[0];
    if (!t) throw new Error("no template");
    const names = async (input: DescribeLaunchTemplateVersionsCommandInput) =>
      (await errorOf(() => ec2().send(new DescribeLaunchTemplateVersionsCommand(input)))).name;
    expect(await names({ LaunchTemplateId: "lt-0123456789abcdef0" })).toBe("InvalidLaunchTemplateId.NotFound");
    expect(await names({ LaunchTemplateName: "no-such-template" })).toBe("InvalidLaunchTemplateName.NotFoundException");
    expect(await names({ LaunchTemplateId: t.launchTemplateId, Versions: ["99"] })).toBe(
      "InvalidLaunchTemplateId.VersionNotFound",
    );
    expect(await names({ LaunchTemplateId: t.launchTemplateId, MaxResults: 201 })).toBe("InvalidParameterValue");
  });
});

describe("protocol edges", () => {
  it("answers an unknown Action with InvalidAction and a missing signature with MissingAuthenticationToken", async () => {
    const signed = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000000/20261122/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: "Action=TerminateInstances&Version=2016-11-15",
    });
    expect(signed.status).toBe(400);
    expect(signed.headers.get("x-amzn-requestid")).toBeTruthy();
    const text = await signed.text();
    expect(text).toContain("<Code>InvalidAction</Code>");
    expect(text).toContain(`<RequestID>${signed.headers.get("x-amzn-requestid")}</RequestID>`);

    const unsigned = await fetch(sim.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=DescribeInstances&Version=2016-11-15",
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  it("puts the request id in the EC2 XML body and the header", async () => {
    const res = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000000/20261122/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: "Action=GetInstanceMetadataDefaults&Version=2016-11-15",
    });
    const id = res.headers.get("x-amzn-requestid");
    expect(await res.text()).toContain(`<requestId>${id}</requestId>`);
  });
});
