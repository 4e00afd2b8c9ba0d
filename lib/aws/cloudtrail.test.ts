import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTrailEvents } from "@/lib/simulator/cloudtrail/events";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { clientSettings, DAY, TEST_NOW } from "@/lib/simulator/testing";
import { lookupImdsEvents, parseImdsEvent, type ImdsEvent } from "./cloudtrail";

const T = new Date("2026-11-01T10:00:00Z");

function entry(eventName: string, record: unknown, extra: Partial<Event> = {}): Event {
  return {
    EventId: `id-${eventName}-${JSON.stringify(record).length}`,
    EventName: eventName,
    EventTime: T,
    CloudTrailEvent: typeof record === "string" ? record : JSON.stringify(record),
    ...extra,
  };
}

function eventOf(e: Event): ImdsEvent {
  const parsed = parseImdsEvent(e);
  if (parsed.kind !== "event") throw new Error(`expected an event, got ${parsed.kind}: ${parsed.reason}`);
  return parsed.event;
}

describe("parseImdsEvent", () => {
  it("reads the nested ModifyInstanceMetadataOptions shape, and the flat one case-insensitively", () => {
    const nested = eventOf(
      entry("ModifyInstanceMetadataOptions", {
        requestParameters: { ModifyInstanceMetadataOptionsRequest: { InstanceId: "i-1", HttpTokens: "required" } },
        responseElements: {
          ModifyInstanceMetadataOptionsResponse: {
            instanceId: "i-1",
            instanceMetadataOptions: { httpTokens: "required", state: "pending" },
          },
        },
      }),
    );
    expect(nested).toMatchObject({ instanceIds: ["i-1"], httpTokens: "required", time: T });
    const flat = eventOf(
      entry("ModifyInstanceMetadataOptions", { requestParameters: { instanceId: "i-2", httpTokens: "optional" } }),
    );
    expect(flat).toMatchObject({ instanceIds: ["i-2"], httpTokens: "optional" });
    const hopOnly = eventOf(
      entry("ModifyInstanceMetadataOptions", {
        requestParameters: { ModifyInstanceMetadataOptionsRequest: { InstanceId: "i-3", HttpPutResponseHopLimit: 2 } },
      }),
    );
    expect(hopOnly.httpTokens).toBeNull();
  });

  it("reads launches with and without HttpTokens, and terminations", () => {
    const items = { items: [{ instanceId: "i-a" }, { instanceId: "i-b" }] };
    expect(
      eventOf(
        entry("RunInstances", {
          requestParameters: { metadataOptions: { httpTokens: "required" } },
          responseElements: { instancesSet: items },
        }),
      ),
    ).toMatchObject({ instanceIds: ["i-a", "i-b"], httpTokens: "required" });
    expect(
      eventOf(entry("RunInstances", { requestParameters: {}, responseElements: { instancesSet: items } })).httpTokens,
    ).toBeNull();
    expect(
      eventOf(
        entry("RunInstances", {
          responseElements: {
            instancesSet: { items: [{ instanceId: "i-c", metadataOptions: { httpTokens: "optional" } }] },
          },
        }),
      ).httpTokens,
    ).toBe("optional");
    expect(
      eventOf(entry("TerminateInstances", { requestParameters: { instancesSet: { items: [{ instanceId: "i-d" }] } } })),
    ).toMatchObject({ eventName: "TerminateInstances", instanceIds: ["i-d"], httpTokens: null });
  });

  it("sets aside refused calls and reports malformed records without throwing", () => {
    expect(
      parseImdsEvent(
        entry("ModifyInstanceMetadataOptions", { errorCode: "Client.DryRunOperation", requestParameters: {} }),
      ).kind,
    ).toBe("ignored");
    expect(parseImdsEvent(entry("RunInstances", "{not json"))).toEqual({
      kind: "malformed",
      reason: "CloudTrailEvent is not valid JSON",
    });
    expect(parseImdsEvent(entry("RunInstances", [1, 2])).kind).toBe("malformed");
    expect(parseImdsEvent(entry("RunInstances", { responseElements: { instancesSet: { items: [{}] } } })).kind).toBe(
      "malformed",
    );
    expect(parseImdsEvent(entry("ModifyInstanceMetadataOptions", { requestParameters: null })).kind).toBe("malformed");
    expect(parseImdsEvent({ EventName: "RunInstances" }).kind).toBe("malformed");
    expect(parseImdsEvent(entry("StopInstances", {})).kind).toBe("ignored");
  });
});

describe("lookupImdsEvents", () => {
  it("pages each event name, skips and counts malformed records, and returns oldest first", async () => {
    const mock = mockClient(CloudTrailClient);
    const modify = (id: string, instanceId: string, seconds: number): Event => ({
      EventId: id,
      EventName: "ModifyInstanceMetadataOptions",
      EventTime: new Date(T.getTime() + seconds * 1000),
      CloudTrailEvent: JSON.stringify({
        requestParameters: { ModifyInstanceMetadataOptionsRequest: { InstanceId: instanceId, HttpTokens: "required" } },
      }),
    });
    mock
      .on(LookupEventsCommand)
      .resolves({ Events: [] })
      .on(LookupEventsCommand, {
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ModifyInstanceMetadataOptions" }],
      })
      .resolvesOnce({
        // Newest first, as CloudTrail sends them; two calls in the same second keep their order.
        Events: [modify("m3", "i-1", 60), modify("m2", "i-1", 60)],
        NextToken: "page2",
      })
      .resolvesOnce({
        Events: [
          modify("m1", "i-2", 0),
          { EventId: "bad", EventName: "ModifyInstanceMetadataOptions", CloudTrailEvent: "{" },
        ],
      });
    try {
      const client = new CloudTrailClient({ region: "us-east-1" });
      const calls: string[] = [];
      const malformed: string[] = [];
      const events = await lookupImdsEvents(client, {
        start: new Date(T.getTime() - DAY),
        end: T,
        onCall: (name) => calls.push(name),
        onMalformed: (id) => malformed.push(id ?? "?"),
      });
      expect(events.map((e) => e.eventId)).toEqual(["m1", "m2", "m3"]);
      expect(malformed).toEqual(["bad"]);
      expect(calls).toEqual([
        "RunInstances",
        "ModifyInstanceMetadataOptions",
        "ModifyInstanceMetadataOptions",
        "TerminateInstances",
      ]);
      const second = mock.commandCalls(LookupEventsCommand)[2]?.args[0].input;
      expect(second?.NextToken).toBe("page2");
      expect(second?.MaxResults).toBe(50);
    } finally {
      mock.restore();
    }
  });

  describe("against the simulator", () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSimulator({
        fleet: { seed: 3, instances: 900, accounts: 1, regions: 1, now: TEST_NOW },
        clock: () => TEST_NOW,
      });
    });
    afterAll(() => sim.close());

    it("reads every IMDS event of the window with the value each record carries", async () => {
      const client = new CloudTrailClient(clientSettings(sim));
      const start = new Date(TEST_NOW - 90 * DAY);
      const events = await lookupImdsEvents(client, { start, end: new Date(TEST_NOW) });
      const truth = listTrailEvents(sim.fleet, sim.fleet.managementAccount.id, "us-east-1", TEST_NOW);
      expect(events.length).toBeGreaterThan(50);
      expect(events.map((e) => e.eventId).sort()).toEqual(truth.map((e) => e.eventId).sort());
      const launches = events.filter((e) => e.eventName === "RunInstances");
      expect(launches.some((e) => e.httpTokens === null)).toBe(true);
      const explicit = launches.filter((e) => e.httpTokens !== null);
      expect(explicit.length).toBeGreaterThan(0);
      for (const e of explicit) {
        expect(sim.fleet.findInstance(e.instanceIds[0]!)?.tokenChanges[0]?.httpTokens, e.eventId).toBe(e.httpTokens);
      }
      for (const e of events.filter((x) => x.eventName === "ModifyInstanceMetadataOptions")) {
        const inst = sim.fleet.findInstance(e.instanceIds[0]!);
        const change = inst?.tokenChanges.find((c) => Math.floor(c.at / 1000) * 1000 === e.time.getTime());
        expect(change?.httpTokens, e.eventId).toBe(e.httpTokens);
      }
    });
  });
});
