import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { BASE_CREDENTIALS, clientSettings, errorOf, TEST_NOW } from "./testing";

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 9, instances: 300, accounts: 5, now: TEST_NOW }, clock: () => TEST_NOW });
});
afterAll(() => sim.close());

describe("STS", () => {
  it("says the base key is the management account", async () => {
    const me = await new STSClient(clientSettings(sim)).send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(sim.fleet.managementAccount.id);
    expect(me.Arn).toMatch(/^arn:aws:iam::\d{12}:user\//);
  });

  it("AssumeRole returns credentials whose calls land in the assumed account", async () => {
    const target = sim.fleet.accounts[2];
    if (!target) throw new Error("no member account");
    const sts = new STSClient(clientSettings(sim));
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${target.id}:role/imds-audit`, RoleSessionName: "collector" }),
    );
    const c = out.Credentials;
    expect(c?.AccessKeyId).toBe(`ASIASIM0${target.id}`);
    expect(c?.Expiration?.getTime()).toBe(TEST_NOW + 3600_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${target.id}:assumed-role/imds-audit/collector`);
    const credentials = {
      accessKeyId: c?.AccessKeyId ?? "",
      secretAccessKey: c?.SecretAccessKey ?? "",
      sessionToken: c?.SessionToken,
    };

    const me = await new STSClient(clientSettings(sim, "eu-west-1", credentials)).send(
      new GetCallerIdentityCommand({}),
    );
    expect(me.Account).toBe(target.id);
    expect(me.Arn).toBe(`arn:aws:sts::${target.id}:assumed-role/imds-audit/collector`);

    const ec2 = new EC2Client(clientSettings(sim, "eu-west-1", credentials));
    const page = await ec2.send(new DescribeInstancesCommand({}));
    const ids = (page.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId));
    expect(ids).toEqual(sim.fleet.listInstances(target.id, "eu-west-1").map((v) => v.instanceId));
    expect(page.Reservations?.every((r) => r.OwnerId === target.id)).toBe(true);
    const metrics = await new CloudWatchClient(clientSettings(sim, "eu-west-1", credentials)).send(
      new ListMetricsCommand({}),
    );
    const listed = new Set((metrics.Metrics ?? []).map((m) => m.Dimensions?.[0]?.Value));
    expect([...listed].every((id) => sim.fleet.findInstance(id ?? "")?.accountId === target.id)).toBe(true);
  });

  it("denies AssumeRole into accounts outside the org or suspended, and validates the ARN", async () => {
    const sts = new STSClient(clientSettings(sim));
    const outside = await errorOf(() =>
      sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::999999999999:role/x", RoleSessionName: "s" + "1" })),
    );
    expect(outside.name).toBe("AccessDenied");
    expect(outside.$metadata?.httpStatusCode).toBe(403);
    const suspended = sim.fleet.accounts.find((a) => a.state === "SUSPENDED");
    const s = await errorOf(() =>
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${suspended?.id}:role/x`, RoleSessionName: "s1" })),
    );
    expect(s.name).toBe("AccessDenied");
    const malformed = await errorOf(() =>
      sts.send(new AssumeRoleCommand({ RoleArn: "not-an-arn", RoleSessionName: "s1" })),
    );
    expect(malformed.name).toBe("ValidationError");
  });

  it("rejects keys that claim a suspended account", async () => {
    const suspended = sim.fleet.accounts.find((a) => a.state === "SUSPENDED");
    const err = await errorOf(() =>
      new STSClient(
        clientSettings(sim, "us-east-1", { accessKeyId: `ASIASIM0${suspended?.id}`, secretAccessKey: "x" }),
      ).send(new GetCallerIdentityCommand({})),
    );
    expect(err.name).toBe("InvalidClientTokenId");
  });
});

describe("Organizations", () => {
  it("pages ListAccounts with State and JoinedTimestamp", async () => {
    const org = new OrganizationsClient(clientSettings(sim));
    const first = await org.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(6);
    expect(first.NextToken).toBeUndefined();
    const accounts = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client: org, pageSize: 2 }, {})) {
      pages++;
      accounts.push(...(page.Accounts ?? []));
    }
    expect(pages).toBe(3);
    expect(accounts.map((a) => [a.Id, a.Name, a.State])).toEqual(
      sim.fleet.accounts.map((a) => [a.id, a.name, a.state]),
    );
    expect(accounts.map((a) => a.JoinedTimestamp?.getTime())).toEqual(sim.fleet.accounts.map((a) => a.joinedTimestamp));
    expect(accounts.filter((a) => a.State === "SUSPENDED")).toHaveLength(1);
    expect((await errorOf(() => org.send(new ListAccountsCommand({ MaxResults: 21 })))).name).toBe(
      "InvalidInputException",
    );
  });

  it("refuses ListAccounts from a member account", async () => {
    const member = sim.fleet.accounts[1]?.id ?? "";
    const org = new OrganizationsClient(
      clientSettings(sim, "us-east-1", { accessKeyId: `ASIASIM0${member}`, secretAccessKey: "x" }),
    );
    const err = await errorOf(() => org.send(new ListAccountsCommand({})));
    expect(err.name).toBe("AccessDeniedException");
  });

  it("treats unknown access keys as the management account", async () => {
    const org = new OrganizationsClient(
      clientSettings(sim, "us-east-1", { ...BASE_CREDENTIALS, accessKeyId: "AKIAUNKNOWN000000000" }),
    );
    expect((await org.send(new ListAccountsCommand({}))).Accounts?.length).toBe(6);
  });
});
