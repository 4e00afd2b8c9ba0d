import { LookupEventsCommand, type CloudTrailClient, type Event } from "@aws-sdk/client-cloudtrail";

export const IMDS_EVENT_NAMES = ["RunInstances", "ModifyInstanceMetadataOptions", "TerminateInstances"] as const;
export type ImdsEventName = (typeof IMDS_EVENT_NAMES)[number];

/** One CloudTrail record that bears on instances' HttpTokens. */
export interface ImdsEvent {
  eventId: string;
  eventName: ImdsEventName;
  time: Date;
  instanceIds: string[];
  /** The requested/resulting value; null = not specified (a launch that took the default). */
  httpTokens: string | null;
}

/** What parseImdsEvent makes of one record: an event, a call that changed nothing, or a bad record. */
export type ParsedImdsEvent =
  { kind: "event"; event: ImdsEvent } | { kind: "ignored"; reason: string } | { kind: "malformed"; reason: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A field by name, ignoring case: EC2 records mix `httpTokens` and `HttpTokens`. */
function field(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function items(set: unknown): unknown[] {
  const list = field(set, "items");
  return Array.isArray(list) ? list : [];
}

/** The instance ids of an `instancesSet.items[]`, skipping entries without one. */
function instanceIdsOf(container: unknown): string[] {
  return items(field(container, "instancesSet"))
    .map((item) => text(field(item, "instanceId")))
    .filter((id): id is string => id !== null);
}

/** Modify records nest the parameters under the shape's name; older ones are flat. */
function nested(container: unknown, shape: string): unknown {
  const inner = field(container, shape);
  return isObject(inner) ? inner : container;
}

/** Parses one LookupEvents entry; never throws. */
export function parseImdsEvent(event: Event): ParsedImdsEvent {
  const eventId = event.EventId;
  const name = IMDS_EVENT_NAMES.find((n) => n === event.EventName);
  if (!eventId) return { kind: "malformed", reason: "no EventId" };
  if (!name) return { kind: "ignored", reason: `event ${event.EventName ?? "(none)"} is not an IMDS event` };
  let record: unknown;
  try {
    record = JSON.parse(event.CloudTrailEvent ?? "");
  } catch {
    return { kind: "malformed", reason: "CloudTrailEvent is not valid JSON" };
  }
  if (!isObject(record)) return { kind: "malformed", reason: "CloudTrailEvent is not a JSON object" };
  // A refused call (AccessDenied, DryRun, ...) is recorded with an errorCode and changed nothing.
  const errorCode = text(field(record, "errorCode"));
  if (errorCode) return { kind: "ignored", reason: `the call failed with ${errorCode}` };
  const time = event.EventTime ?? new Date(text(field(record, "eventTime")) ?? NaN);
  if (Number.isNaN(time.getTime())) return { kind: "malformed", reason: "no event time" };
  const request = field(record, "requestParameters");
  const response = field(record, "responseElements");
  const resourceIds = (event.Resources ?? [])
    .filter((r) => r.ResourceType === "AWS::EC2::Instance" && r.ResourceName)
    .map((r) => r.ResourceName!);

  if (name === "RunInstances") {
    const launched = instanceIdsOf(response);
    const instanceIds = launched.length > 0 ? launched : resourceIds;
    if (instanceIds.length === 0) return { kind: "malformed", reason: "RunInstances names no instance" };
    const requested = text(field(field(request, "metadataOptions"), "httpTokens"));
    const reported = items(field(response, "instancesSet"))
      .map((item) => text(field(field(item, "metadataOptions"), "httpTokens")))
      .find((v) => v !== null);
    return {
      kind: "event",
      event: { eventId, eventName: name, time, instanceIds, httpTokens: requested ?? reported ?? null },
    };
  }
  if (name === "ModifyInstanceMetadataOptions") {
    const req = nested(request, "ModifyInstanceMetadataOptionsRequest");
    const res = nested(response, "ModifyInstanceMetadataOptionsResponse");
    const instanceId = text(field(req, "InstanceId")) ?? text(field(res, "instanceId")) ?? resourceIds[0] ?? null;
    if (!instanceId) return { kind: "malformed", reason: "ModifyInstanceMetadataOptions names no instance" };
    const resulting = text(field(field(res, "instanceMetadataOptions"), "httpTokens"));
    const requested = text(field(req, "HttpTokens"));
    return {
      kind: "event",
      event: { eventId, eventName: name, time, instanceIds: [instanceId], httpTokens: resulting ?? requested },
    };
  }
  const terminated = [...new Set([...instanceIdsOf(request), ...instanceIdsOf(response), ...resourceIds])];
  if (terminated.length === 0) return { kind: "malformed", reason: "TerminateInstances names no instance" };
  return { kind: "event", event: { eventId, eventName: name, time, instanceIds: terminated, httpTokens: null } };
}

export interface LookupImdsEventsOptions {
  start: Date;
  end: Date;
  /** Called before each LookupEvents page (progress, call counting). */
  onCall?: (eventName: ImdsEventName) => void;
  /** Called for each record that could not be read; it is skipped. */
  onMalformed?: (eventId: string | undefined, reason: string) => void;
}

/**
 * The IMDS-relevant events of the client's account-region in [start, end], oldest first. One
 * LookupEvents paging loop per event name (a lookup takes a single attribute).
 */
export async function lookupImdsEvents(client: CloudTrailClient, opts: LookupImdsEventsOptions): Promise<ImdsEvent[]> {
  const out: ImdsEvent[] = [];
  const seen = new Set<string>();
  for (const eventName of IMDS_EVENT_NAMES) {
    let nextToken: string | undefined;
    do {
      opts.onCall?.(eventName);
      const page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
          StartTime: opts.start,
          EndTime: opts.end,
          MaxResults: 50,
          NextToken: nextToken,
        }),
      );
      for (const raw of page.Events ?? []) {
        const parsed = parseImdsEvent(raw);
        if (parsed.kind === "malformed") opts.onMalformed?.(raw.EventId, parsed.reason);
        else if (parsed.kind === "event" && !seen.has(parsed.event.eventId)) {
          seen.add(parsed.event.eventId);
          out.push(parsed.event);
        }
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }
  // Same-second ties: launch before change before termination; within a name, LookupEvents's own
  // newest-first order (reversed), which keeps two calls of the same second in call order.
  const arrival = new Map(out.map((e, i) => [e, i]));
  const nameOrder = (e: ImdsEvent) => IMDS_EVENT_NAMES.indexOf(e.eventName);
  return out.sort(
    (a, b) =>
      a.time.getTime() - b.time.getTime() ||
      nameOrder(a) - nameOrder(b) ||
      (arrival.get(b) ?? 0) - (arrival.get(a) ?? 0),
  );
}
