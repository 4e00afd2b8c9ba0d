import {
  CloudTrailClient,
  LookupEventsCommand,
  paginateLookupEvents,
  type Event,
  type LookupEventsCommandInput,
} from "@aws-sdk/client-cloudtrail";
import { EC2Client, ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpTokensOn, listTrailEvents } from "./cloudtrail/events";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, DAY, errorOf, TEST_NOW } from "./testing";

let sim: RunningSimulator;
const REGION = "us-east-1";

beforeAll(async () => {
  sim = await startSimulator({
    fleet: { seed: 5, instances: 1600, accounts: 2, regions: 2, now: TEST_NOW },
    clock: () => TEST_NOW,
  });
});
afterAll(() => sim.close());

const trail = (region = REGION, credentials?: ReturnType<typeof accountCredentials>) =>
  new CloudTrailClient(clientSettings(sim, region, credentials));

async function allPages(client: CloudTrailClient, input: LookupEventsCommandInput) {
  const events: Event[] = [];
  let pages = 0;
  for await (const page of paginateLookupEvents({ client }, input)) {
    pages++;
    events.push(...(page.Events ?? []));
  }
  return { events, pages };
}

describe("CloudTrail LookupEvents", () => {
  it("pages through the account-region's events newest first, without gaps or duplicates", async () => {
    const management = sim.fleet.managementAccount.id;
    const expected = listTrailEvents(sim.fleet, management, REGION, TEST_NOW);
    expect(expected.length).toBeGreaterThan(20);
    const { events, pages } = await allPages(trail(), { MaxResults: 7 });
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(events.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventId));
    const times = events.map((e) => e.EventTime?.getTime() ?? NaN);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(TEST_NOW - 90 * DAY);
    const first = events[0];
    expect(first?.EventSource).toBe("ec2.amazonaws.com");
    expect(first?.ReadOnly).toBe("false");
    expect(first?.Resources?.[0]?.ResourceType).toBe("AWS::EC2::Instance");
    const record = JSON.parse(first?.CloudTrailEvent ?? "{}");
    expect(record).toMatchObject({
      eventSource: "ec2.amazonaws.com",
      eventName: first?.EventName,
      awsRegion: REGION,
      recipientAccountId: management,
      eventID: first?.EventId,
    });
  });

  it("filters by one attribute and refuses two or an unknown key", async () => {
    const { events } = await allPages(trail(), {
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "RunInstances" }],
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.EventName === "RunInstances")).toBe(true);
    const launch = JSON.parse(events[0]?.CloudTrailEvent ?? "{}");
    const launched = launch.responseElements.instancesSet.items[0].instanceId;
    expect(events[0]?.Resources?.[0]?.ResourceName).toBe(launched);

    const one = await allPages(trail(), {
      LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: launched }],
    });
    expect(one.events.length).toBeGreaterThan(0);
    expect(one.events.every((e) => e.Resources?.[0]?.ResourceName === launched)).toBe(true);

    const two = await errorOf(() =>
      trail().send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: "EventName", AttributeValue: "RunInstances" },
            { AttributeKey: "ResourceName", AttributeValue: launched },
          ],
        }),
      ),
    );
    expect(two.name).toBe("InvalidLookupAttributesException");
    const unknown = await errorOf(() =>
      trail().send(
        // safe because the test sends a key the SDK's enum does not know, as a foreign client could
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "Colour" as never, AttributeValue: "red" }] }),
      ),
    );
    expect(unknown.name).toBe("InvalidLookupAttributesException");
  });

  it("honours StartTime and EndTime, and refuses an inverted range", async () => {
    const start = new Date(TEST_NOW - 30 * DAY);
    const end = new Date(TEST_NOW - 10 * DAY);
    const { events } = await allPages(trail(), { StartTime: start, EndTime: end });
    const expected = listTrailEvents(sim.fleet, sim.fleet.managementAccount.id, REGION, TEST_NOW).filter(
      (e) => e.time >= start.getTime() && e.time <= end.getTime(),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventId));
    const inverted = await errorOf(() => trail().send(new LookupEventsCommand({ StartTime: end, EndTime: start })));
    expect(inverted.name).toBe("InvalidTimeRangeException");
  });

  it("refuses MaxResults outside 1..50 and a foreign NextToken", async () => {
    for (const MaxResults of [0, 51]) {
      const err = await errorOf(() => trail().send(new LookupEventsCommand({ MaxResults })));
      expect(err.name).toBe("InvalidMaxResultsException");
      expect(err.$metadata?.httpStatusCode).toBe(400);
    }
    const page = await trail().send(new LookupEventsCommand({ MaxResults: 1 }));
    expect(page.NextToken).toBeTruthy();
    const foreign = await errorOf(() =>
      trail().send(
        new LookupEventsCommand({
          NextToken: page.NextToken,
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "RunInstances" }],
        }),
      ),
    );
    expect(foreign.name).toBe("InvalidNextTokenException");
  });

  it("shows only the caller's account-region", async () => {
    const member = sim.fleet.accounts[1];
    if (!member) throw new Error("no member account");
    const region = sim.fleet.regions[1] ?? REGION;
    const { events } = await allPages(trail(region, accountCredentials(member.id)), {});
    const ids = new Set(sim.fleet.listInstances(member.id, region).map((v) => v.instanceId));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => ids.has(e.Resources?.[0]?.ResourceName ?? ""))).toBe(true);
    expect(events.every((e) => JSON.parse(e.CloudTrailEvent ?? "{}").recipientAccountId === member.id)).toBe(true);
  });

  it("throttles beyond 2 calls per second when token buckets are on", async () => {
    sim.knobs.tokenBuckets = true;
    sim.resetStats();
    try {
      const client = trail();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => client.send(new LookupEventsCommand({ MaxResults: 1 }))),
      );
      const refused = results.filter((r) => r.status === "rejected");
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect((r as PromiseRejectedResult).reason.name).toBe("ThrottlingException");
      expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    } finally {
      sim.knobs.tokenBuckets = false;
      sim.resetStats();
    }
  });

  it("replayed backwards from the current state, the events give every instance's HttpTokens on every day", async () => {
    const management = sim.fleet.managementAccount.id;
    // A runtime switch joins the generated history.
    const target = sim.fleet
      .listInstances(management, REGION)
      .find((v) => v.metadataOptions.httpTokens === "optional" && v.launchTime < TEST_NOW - 100 * DAY);
    if (!target) throw new Error("no old optional instance");
    await new EC2Client(clientSettings(sim)).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: target.instanceId, HttpTokens: "required" }),
    );
    const other = (v: string) => (v === "required" ? "optional" : "required");
    let compared = 0;
    for (const region of sim.fleet.regions) {
      const { events } = await allPages(trail(region), {});
      const byInstance = new Map<string, { time: number; name: string; tokens: string | null }[]>();
      for (const e of events) {
        const record = JSON.parse(e.CloudTrailEvent ?? "{}");
        const tokens =
          e.EventName === "RunInstances"
            ? (record.requestParameters.metadataOptions?.httpTokens ?? null)
            : record.responseElements.ModifyInstanceMetadataOptionsResponse.instanceMetadataOptions.httpTokens;
        const id = e.Resources?.[0]?.ResourceName ?? "";
        byInstance.set(id, [
          ...(byInstance.get(id) ?? []),
          { time: e.EventTime!.getTime(), name: e.EventName!, tokens },
        ]);
      }
      for (const view of sim.fleet.listInstances(management, region)) {
        // Newest first: walk back from the current value; before a change the value was the other one.
        const history = byInstance.get(view.instanceId) ?? [];
        for (let day = Math.floor(TEST_NOW / DAY) * DAY - DAY; day >= TEST_NOW - 90 * DAY - DAY; day -= DAY) {
          const end = day + DAY - 1;
          if (end < TEST_NOW - 90 * DAY) break;
          let value: string | null = view.metadataOptions.httpTokens;
          for (const e of history) {
            if (e.time <= end) break;
            value = e.name === "RunInstances" ? null : other(e.tokens!);
          }
          expect(value, `${view.instanceId} on ${new Date(day).toISOString()}`).toBe(
            httpTokensOn(sim.fleet, view.instanceId, end),
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("records every served ModifyInstanceMetadataOptions, a no-op included, and agrees with the fleet", async () => {
    const management = sim.fleet.managementAccount.id;
    const views = sim.fleet.listInstances(management, REGION);
    const optional = views.find((v) => v.metadataOptions.httpTokens === "optional");
    const required = views.find((v) => v.metadataOptions.httpTokens === "required");
    if (!optional || !required) throw new Error("the fleet lacks an optional or a required instance");
    const ec2 = new EC2Client(clientSettings(sim));
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: optional.instanceId, HttpTokens: "required" }),
    );
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId: required.instanceId,
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
      }),
    );
    await errorOf(() =>
      ec2.send(
        new ModifyInstanceMetadataOptionsCommand({
          InstanceId: optional.instanceId,
          HttpTokens: "required",
          DryRun: true,
        }),
      ),
    );

    for (const view of [optional, required]) {
      const { events } = await allPages(trail(), {
        LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: view.instanceId }],
      });
      const newest = events[0];
      expect(newest?.EventName).toBe("ModifyInstanceMetadataOptions");
      expect(newest?.EventTime?.getTime()).toBe(TEST_NOW);
      const record = JSON.parse(newest?.CloudTrailEvent ?? "{}");
      expect(record.requestParameters.ModifyInstanceMetadataOptionsRequest).toMatchObject({
        InstanceId: view.instanceId,
        HttpTokens: "required",
      });
      expect(record.responseElements.ModifyInstanceMetadataOptionsResponse).toMatchObject({
        instanceId: view.instanceId,
        instanceMetadataOptions: { httpTokens: "required", state: "pending" },
      });
      // The DryRun left no trace: exactly one event at "now" per instance.
      expect(events.filter((e) => e.EventTime?.getTime() === TEST_NOW)).toHaveLength(1);
    }
    expect(httpTokensOn(sim.fleet, optional.instanceId, TEST_NOW)).toBe("required");
    expect(httpTokensOn(sim.fleet, optional.instanceId, TEST_NOW - 1)).toBe("optional");
  });
});
