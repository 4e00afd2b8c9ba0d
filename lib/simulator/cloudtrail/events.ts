// CloudTrail event history of the fleet's IMDS settings, derived from each instance's HttpTokens
// timeline (so replaying the events always agrees with the fleet) plus a log of the
// ModifyInstanceMetadataOptions calls the simulator served (so every call shows, even a no-op).
import { hash32, hashString } from "@/lib/simulator/prng";
import type { Fleet } from "@/lib/simulator/fleet";
import { DAY_MS, MINUTE_MS, type SimInstance } from "@/lib/simulator/instance";
import { httpTokensAt } from "@/lib/simulator/timeline";
import type { HttpTokens, MetadataOptions } from "@/lib/simulator/types";

/** CloudTrail Event history keeps 90 days. */
export const CLOUDTRAIL_RETENTION_DAYS = 90;

export type TrailEventName = "RunInstances" | "ModifyInstanceMetadataOptions" | "TerminateInstances";

/** One event as LookupEvents lists it; `record` becomes the CloudTrailEvent JSON string. */
export interface TrailEvent {
  eventId: string;
  eventName: TrailEventName;
  /** ms since epoch, whole seconds (CloudTrail records second precision) */
  time: number;
  /** Tie-break for events at the same second: later calls sort after earlier ones. */
  seq: number;
  accessKeyId: string;
  username: string;
  instanceId: string;
  /** Built on demand: a lookup scans every event but renders only one page. */
  record: () => Record<string, unknown>;
}

/** A ModifyInstanceMetadataOptions call the simulator served (not a DryRun, not refused). */
export interface RecordedCall {
  eventId: string;
  instanceId: string;
  /** simulator clock when served (ms) */
  at: number;
  seq: number;
  accessKeyId: string;
  principalArn: string;
  /** The request's parameters as sent (absent = not given). */
  request: {
    HttpTokens?: string;
    HttpPutResponseHopLimit?: number;
    HttpEndpoint?: string;
    HttpProtocolIpv6?: string;
    InstanceMetadataTags?: string;
  };
  result: MetadataOptions;
}

const logs = new WeakMap<Fleet, RecordedCall[]>();
const byInstance = new WeakMap<Fleet, Map<string, RecordedCall[]>>();

/** The calls served against this fleet, oldest first. */
export function recordedCalls(fleet: Fleet): readonly RecordedCall[] {
  return logs.get(fleet) ?? [];
}

function callsOf(fleet: Fleet, instanceId: string): readonly RecordedCall[] {
  return byInstance.get(fleet)?.get(instanceId) ?? [];
}

export function recordCall(fleet: Fleet, call: Omit<RecordedCall, "seq" | "eventId">): RecordedCall {
  let log = logs.get(fleet);
  if (!log) {
    log = [];
    logs.set(fleet, log);
  }
  const seq = log.length + 1;
  const recorded: RecordedCall = { ...call, seq, eventId: uuidOf(hashString(call.instanceId), call.at, seq, 0x11) };
  log.push(recorded);
  let index = byInstance.get(fleet);
  if (!index) {
    index = new Map();
    byInstance.set(fleet, index);
  }
  index.set(call.instanceId, [...(index.get(call.instanceId) ?? []), recorded]);
  return recorded;
}

/** A deterministic UUID-shaped id (CloudTrail EventIds are UUIDs). */
function uuidOf(a: number, b: number, c: number, d: number): string {
  const h = (k: number) =>
    hash32(a, Math.floor(b / 1000) | 0, c, d, k)
      .toString(16)
      .padStart(8, "0");
  const hex = h(1) + h(2) + h(3) + h(4);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** When a call's HttpTokens takes effect in the fleet's timeline (see Fleet.modifyInstanceMetadataOptions). */
function effectiveAt(inst: SimInstance, at: number): number {
  return Math.max(Math.ceil(at / MINUTE_MS) * MINUTE_MS, inst.launchTime);
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

function identity(accountId: string, accessKeyId: string, arn: string): Record<string, unknown> {
  const assumed = arn.includes(":assumed-role/");
  return {
    type: assumed ? "AssumedRole" : "IAMUser",
    principalId: assumed ? `AROASIM${accountId}:${arn.split("/").pop() ?? "simulator"}` : "AIDASIMULATOR0000000",
    arn,
    accountId,
    accessKeyId,
    ...(assumed ? {} : { userName: arn.split("/").pop() ?? "simulator" }),
  };
}

function baseRecord(
  inst: SimInstance,
  eventName: TrailEventName,
  time: number,
  eventId: string,
  who: { accessKeyId: string; arn: string },
): Record<string, unknown> {
  return {
    eventVersion: "1.10",
    userIdentity: identity(inst.accountId, who.accessKeyId, who.arn),
    eventTime: iso(time),
    eventSource: "ec2.amazonaws.com",
    eventName,
    awsRegion: inst.region,
    sourceIPAddress: "203.0.113.10",
    userAgent: "simulator",
    requestID: uuidOf(hashString(eventId), time, 0, 0x22),
    eventID: eventId,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: inst.accountId,
    eventCategory: "Management",
  };
}

/** The generated history's actor: a deployment pipeline role in the instance's account. */
function pipeline(inst: SimInstance): { accessKeyId: string; arn: string } {
  return {
    accessKeyId: `ASIASIM0${inst.accountId}`,
    arn: `arn:aws:sts::${inst.accountId}:assumed-role/deploy/pipeline`,
  };
}

/** HttpTokens named by each launch template version, by "templateId/version". */
export type TemplateTokens = ReadonlyMap<string, HttpTokens>;

export function templateTokensOf(fleet: Fleet, accountId: string, region: string): TemplateTokens {
  const out = new Map<string, HttpTokens>();
  for (const t of fleet.listLaunchTemplates(accountId, region)) {
    for (const v of t.versions) {
      if (v.metadataOptions?.httpTokens)
        out.set(`${t.launchTemplateId}/${v.versionNumber}`, v.metadataOptions.httpTokens);
    }
  }
  return out;
}

function runInstancesEvent(inst: SimInstance, templates: TemplateTokens): TrailEvent {
  const time = toSecond(inst.launchTime);
  const eventId = uuidOf(hashString(inst.instanceId), time, 0, 0x01);
  const who = pipeline(inst);
  // HttpTokens named by the launch template is modelled as an explicit launch parameter; a launch
  // that took the AMI's default records no metadataOptions, as when the caller leaves them out.
  const explicit =
    inst.launchTemplateId !== null
      ? (templates.get(`${inst.launchTemplateId}/${inst.launchTemplateVersion}`) ?? null)
      : null;
  const record = () => ({
    ...baseRecord(inst, "RunInstances", time, eventId, who),
    requestParameters: {
      instancesSet: { items: [{ imageId: inst.imageId, minCount: 1, maxCount: 1 }] },
      instanceType: inst.instanceType,
      ...(inst.launchTemplateId !== null
        ? { launchTemplate: { launchTemplateId: inst.launchTemplateId, version: String(inst.launchTemplateVersion) } }
        : {}),
      ...(explicit ? { metadataOptions: { httpTokens: explicit } } : {}),
      disableApiTermination: false,
    },
    responseElements: {
      requestId: uuidOf(hashString(eventId), time, 1, 0x33),
      reservationId: `r-0${hash32(hashString(inst.instanceId), 7).toString(16).padStart(8, "0")}`,
      ownerId: inst.accountId,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId: inst.instanceId,
            imageId: inst.imageId,
            instanceType: inst.instanceType,
            launchTime: time,
            instanceState: { code: 0, name: "pending" },
          },
        ],
      },
    },
  });
  return {
    eventId,
    eventName: "RunInstances",
    time,
    seq: 0,
    accessKeyId: who.accessKeyId,
    username: "pipeline",
    instanceId: inst.instanceId,
    record,
  };
}

function modifyRecord(
  inst: SimInstance,
  time: number,
  eventId: string,
  who: { accessKeyId: string; arn: string },
  request: RecordedCall["request"],
  result: { httpTokens: HttpTokens } & Partial<MetadataOptions>,
): Record<string, unknown> {
  return {
    ...baseRecord(inst, "ModifyInstanceMetadataOptions", time, eventId, who),
    // EC2 records this call's parameters nested under the request shape's name.
    requestParameters: { ModifyInstanceMetadataOptionsRequest: { InstanceId: inst.instanceId, ...request } },
    responseElements: {
      ModifyInstanceMetadataOptionsResponse: {
        requestId: uuidOf(hashString(eventId), time, 2, 0x44),
        instanceId: inst.instanceId,
        instanceMetadataOptions: { state: "pending", ...result },
      },
    },
  };
}

/**
 * Every IMDS event of one instance (any time): its launch, each HttpTokens switch of its timeline,
 * and each call the simulator served. A switch the log explains is reported once, as that call.
 */
export function instanceEvents(fleet: Fleet, inst: SimInstance, templates: TemplateTokens): TrailEvent[] {
  const calls = callsOf(fleet, inst.instanceId);
  const explained = new Set(calls.map((c) => `${effectiveAt(inst, c.at)}|${c.result.httpTokens}`));
  const events: TrailEvent[] = [runInstancesEvent(inst, templates)];
  const changes = inst.tokenChanges;
  for (let i = 1; i < changes.length; i++) {
    const change = changes[i];
    if (!change || explained.has(`${change.at}|${change.httpTokens}`)) continue;
    const time = toSecond(change.at);
    const eventId = uuidOf(hashString(inst.instanceId), time, i, 0x02);
    const who = pipeline(inst);
    events.push({
      eventId,
      eventName: "ModifyInstanceMetadataOptions",
      time,
      seq: 0,
      accessKeyId: who.accessKeyId,
      username: "pipeline",
      instanceId: inst.instanceId,
      record: () =>
        modifyRecord(inst, time, eventId, who, { HttpTokens: change.httpTokens }, { httpTokens: change.httpTokens }),
    });
  }
  for (const call of calls) {
    // Stamped when the fleet applies it (the next whole minute): the same instant the timeline
    // switches, so a day boundary never separates the event from its effect.
    const time = toSecond(effectiveAt(inst, call.at));
    const who = { accessKeyId: call.accessKeyId, arn: call.principalArn };
    events.push({
      eventId: call.eventId,
      eventName: "ModifyInstanceMetadataOptions",
      time,
      seq: call.seq,
      accessKeyId: call.accessKeyId,
      username: call.principalArn.split("/").pop() ?? "simulator",
      instanceId: inst.instanceId,
      record: () => modifyRecord(inst, time, call.eventId, who, call.request, call.result),
    });
  }
  return events;
}

/** Newest first; same-second events by call order, newest first. */
export function compareNewestFirst(a: TrailEvent, b: TrailEvent): number {
  return b.time - a.time || b.seq - a.seq || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);
}

const cache = new WeakMap<Fleet, Map<string, { fingerprint: string; events: TrailEvent[] }>>();

/** Changes whenever an instance's timeline or the call log does (direct fleet mutations included). */
function fingerprintOf(fleet: Fleet, instances: readonly SimInstance[]): string {
  let changes = 0;
  let lastAt = 0;
  for (const inst of instances) {
    changes += inst.tokenChanges.length;
    lastAt += (inst.tokenChanges[inst.tokenChanges.length - 1]?.at ?? 0) % 1_000_003;
  }
  return `${changes}/${lastAt}/${recordedCalls(fleet).length}`;
}

/**
 * The account-region's IMDS events within CloudTrail's 90 days up to `now`, newest first. Cached
 * per `now` (a paging loop pins it), so a lookup's pages do not rebuild the whole history.
 */
export function listTrailEvents(fleet: Fleet, accountId: string, region: string, now: number): TrailEvent[] {
  const instances = fleet.cell(accountId, region).instances;
  const key = `${accountId}/${region}/${now}`;
  const fingerprint = fingerprintOf(fleet, instances);
  let perFleet = cache.get(fleet);
  if (!perFleet) {
    perFleet = new Map();
    cache.set(fleet, perFleet);
  }
  const hit = perFleet.get(key);
  if (hit && hit.fingerprint === fingerprint) return hit.events;
  const from = now - CLOUDTRAIL_RETENTION_DAYS * DAY_MS;
  const out: TrailEvent[] = [];
  const templates = templateTokensOf(fleet, accountId, region);
  for (const inst of instances) {
    for (const e of instanceEvents(fleet, inst, templates)) if (e.time >= from && e.time <= now) out.push(e);
  }
  out.sort(compareNewestFirst);
  // Keep only the latest few lookups' histories per fleet.
  if (perFleet.size >= 16) perFleet.delete(perFleet.keys().next().value ?? "");
  perFleet.set(key, { fingerprint, events: out });
  return out;
}

/** Ground truth: the instance's HttpTokens at `atMs` (null before its launch). */
export function httpTokensOn(fleet: Fleet, instanceId: string, atMs: number): HttpTokens | null {
  const inst = fleet.findInstance(instanceId);
  if (!inst) throw new Error(`no instance ${instanceId} in the fleet`);
  return atMs < inst.launchTime ? null : httpTokensAt(inst, atMs);
}
