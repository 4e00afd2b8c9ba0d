// CloudTrail over awsJson1_1: LookupEvents over the fleet's IMDS event history (../cloudtrail/events.ts).
// The JS SDK sends x-amz-target `CloudTrail_20131101.<Op>`; the fully qualified
// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>` is accepted too.
import { listTrailEvents, type TrailEvent } from "@/lib/simulator/cloudtrail/events";
import { SimError } from "@/lib/simulator/errors";
import { hashString } from "@/lib/simulator/prng";
import type { CallContext, Reply } from "./context";

export const CLOUDTRAIL_TARGET_PREFIXES = [
  "CloudTrail_20131101.",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.",
] as const;

/** The operation a CloudTrail x-amz-target names, or null for another service's target. */
export function cloudtrailOperation(target: string): string | null {
  const prefix = CLOUDTRAIL_TARGET_PREFIXES.find((p) => target.startsWith(p));
  return prefix ? target.slice(prefix.length) : null;
}
/** LookupEvents is limited to 2 calls per second per account per region. */
export const LOOKUP_EVENTS_BUCKET = { capacity: 2, refillPerSecond: 2 } as const;
const JSON_HEADERS = { "content-type": "application/x-amz-json-1.1" } as const;

const ATTRIBUTE_KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

function attributeOf(e: TrailEvent, key: AttributeKey): string {
  switch (key) {
    case "EventId":
      return e.eventId;
    case "EventName":
      return e.eventName;
    case "ReadOnly":
      return "false";
    case "Username":
      return e.username;
    case "ResourceType":
      return "AWS::EC2::Instance";
    case "ResourceName":
      return e.instanceId;
    case "EventSource":
      return "ec2.amazonaws.com";
    case "AccessKeyId":
      return e.accessKeyId;
  }
}

const invalid = (code: string, message: string) => new SimError(code, message, 400);

/** Epoch seconds (the SDK's wire form) or an ISO string (hand-written clients); ms out. */
function timeParam(body: Record<string, unknown>, name: "StartTime" | "EndTime"): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === "number" ? v * 1000 : typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw invalid("InvalidTimeRangeException", `${name} is not a valid timestamp.`);
  return ms;
}

interface PageToken {
  /** the last event sent: its time (ms), call order and id */
  t: number;
  s: number;
  i: string;
  /** "now" of the first page, so events arriving while paging never shift the pages */
  n: number;
  /** fingerprint of the request the token belongs to */
  f: number;
}

function decodeToken(raw: unknown, fingerprint: number): PageToken {
  if (typeof raw !== "string") throw invalid("InvalidNextTokenException", "NextToken must be a string.");
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object") {
      // safe because every field is checked below
      const t = parsed as Partial<PageToken>;
      if (
        typeof t.t === "number" &&
        typeof t.s === "number" &&
        typeof t.i === "string" &&
        typeof t.n === "number" &&
        t.f === fingerprint
      ) {
        return { t: t.t, s: t.s, i: t.i, n: t.n, f: t.f };
      }
    }
  } catch {
    // any undecodable token is the same client error
  }
  throw invalid(
    "InvalidNextTokenException",
    "The NextToken is invalid. It must come from a previous call with the same parameters.",
  );
}

/** True when `e` sorts after the token's event in newest-first order. */
function after(e: TrailEvent, t: PageToken): boolean {
  if (e.time !== t.t) return e.time < t.t;
  if (e.seq !== t.s) return e.seq < t.s;
  return e.eventId < t.i;
}

function eventJson(e: TrailEvent): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: "false",
    AccessKeyId: e.accessKeyId,
    EventTime: e.time / 1000,
    EventSource: "ec2.amazonaws.com",
    Username: e.username,
    Resources: [{ ResourceType: "AWS::EC2::Instance", ResourceName: e.instanceId }],
    CloudTrailEvent: JSON.stringify(e.record()),
  };
}

function lookupEvents(ctx: CallContext, body: Record<string, unknown>): unknown {
  const attributes = body.LookupAttributes ?? [];
  if (!Array.isArray(attributes)) throw invalid("InvalidLookupAttributesException", "LookupAttributes must be a list.");
  if (attributes.length > 1) {
    throw invalid("InvalidLookupAttributesException", "LookupAttributes can contain only one attribute.");
  }
  let filter: { key: AttributeKey; value: string } | null = null;
  const first: unknown = attributes[0];
  if (first !== undefined) {
    const key = first && typeof first === "object" && "AttributeKey" in first ? first.AttributeKey : undefined;
    const value = first && typeof first === "object" && "AttributeValue" in first ? first.AttributeValue : undefined;
    const known = ATTRIBUTE_KEYS.find((k) => k === key);
    if (!known) {
      throw invalid("InvalidLookupAttributesException", `AttributeKey must be one of ${ATTRIBUTE_KEYS.join(", ")}.`);
    }
    if (typeof value !== "string" || value.length === 0 || value.length > 2000) {
      throw invalid("InvalidLookupAttributesException", "AttributeValue must be a string of 1 to 2000 characters.");
    }
    filter = { key: known, value };
  }
  const max = body.MaxResults;
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 50)) {
    throw invalid("InvalidMaxResultsException", "MaxResults must be an integer between 1 and 50.");
  }
  const pageSize = typeof max === "number" ? max : 50;
  const start = timeParam(body, "StartTime");
  const end = timeParam(body, "EndTime");
  if (start !== undefined && end !== undefined && start > end) {
    throw invalid("InvalidTimeRangeException", "StartTime must be before EndTime.");
  }
  const category = body.EventCategory;
  if (category !== undefined && category !== "insight") {
    throw invalid("InvalidEventCategoryException", 'EventCategory must be "insight".');
  }
  const fingerprint = hashString(
    JSON.stringify([ctx.caller.account.id, ctx.region, filter, start ?? null, end ?? null, category ?? null]),
  );
  const token = body.NextToken === undefined || body.NextToken === "" ? null : decodeToken(body.NextToken, fingerprint);
  const now = token?.n ?? ctx.now;
  // This simulator records no Insights events.
  if (category === "insight") return { Events: [] };

  const out: TrailEvent[] = [];
  let more = false;
  for (const e of listTrailEvents(ctx.fleet, ctx.caller.account.id, ctx.region, now)) {
    if (start !== undefined && e.time < start) continue;
    if (end !== undefined && e.time > end) continue;
    if (filter && attributeOf(e, filter.key) !== filter.value) continue;
    if (token && !after(e, token)) continue;
    if (out.length === pageSize) {
      more = true;
      break;
    }
    out.push(e);
  }
  const last = out[out.length - 1];
  const next: PageToken | null =
    more && last ? { t: last.time, s: last.seq, i: last.eventId, n: now, f: fingerprint } : null;
  return {
    Events: out.map(eventJson),
    ...(next ? { NextToken: Buffer.from(JSON.stringify(next)).toString("base64url") } : {}),
  };
}

export function cloudtrailJson(ctx: CallContext, op: string, body: Record<string, unknown>): Reply {
  if (op !== "LookupEvents") {
    throw new SimError("UnknownOperationException", `The simulator does not implement CloudTrail ${op}.`);
  }
  return { status: 200, headers: { ...JSON_HEADERS }, body: JSON.stringify(lookupEvents(ctx, body)) };
}

export function cloudtrailError(err: SimError): Reply {
  return {
    status: err.status,
    headers: { ...JSON_HEADERS, "x-amzn-errortype": err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}
