import { SimError } from "@/lib/simulator/errors";
import { INSTANCE_ID } from "./ids";
import { viewOf } from "@/lib/simulator/instance";
import { intParam, listParam } from "@/lib/simulator/query-params";
import type { InstanceView } from "@/lib/simulator/types";
import { el, isoTime, itemSet, node } from "@/lib/simulator/xml";
import type { CallContext } from "@/lib/simulator/protocols/context";
import { anyMatch, filtersKey, invalidFilter, parseFilters, type Filter } from "./filters";
import { decodePageToken, encodePageToken } from "@/lib/simulator/paging";

/** A filter's value for an instance, or an array of candidate values (any may match). */
function filterValues(name: string, v: InstanceView): string | string[] | undefined {
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return v.tags.find((t) => t.key === key)?.value;
  }
  switch (name) {
    case "instance-state-name":
      return v.state;
    case "instance-state-code":
      return String(v.stateCode);
    case "instance-id":
      return v.instanceId;
    case "image-id":
      return v.imageId;
    case "instance-type":
      return v.instanceType;
    case "availability-zone":
      return v.availabilityZone;
    case "reservation-id":
      return v.reservationId;
    case "owner-id":
      return v.ownerId;
    case "private-ip-address":
      return v.privateIpAddress;
    case "launch-time":
      return isoTime(v.launchTime);
    case "tag-key":
      return v.tags.map((t) => t.key);
    case "tag-value":
      return v.tags.map((t) => t.value);
    case "metadata-options.http-tokens":
      return v.metadataOptions.httpTokens;
    case "metadata-options.http-endpoint":
      return v.metadataOptions.httpEndpoint;
    case "metadata-options.http-put-response-hop-limit":
      return String(v.metadataOptions.httpPutResponseHopLimit);
    case "metadata-options.instance-metadata-tags":
      return v.metadataOptions.instanceMetadataTags;
    case "metadata-options.http-protocol-ipv6":
      return v.metadataOptions.httpProtocolIpv6;
    default:
      return undefined;
  }
}

const INSTANCE_FILTERS = new Set([
  "instance-state-name",
  "instance-state-code",
  "instance-id",
  "image-id",
  "instance-type",
  "availability-zone",
  "reservation-id",
  "owner-id",
  "private-ip-address",
  "launch-time",
  "tag-key",
  "tag-value",
  "metadata-options.http-tokens",
  "metadata-options.http-endpoint",
  "metadata-options.http-put-response-hop-limit",
  "metadata-options.instance-metadata-tags",
  "metadata-options.http-protocol-ipv6",
]);

function matches(filters: readonly Filter[], v: InstanceView): boolean {
  for (const f of filters) {
    const actual = filterValues(f.name, v);
    const ok = Array.isArray(actual) ? actual.some((a) => anyMatch(f.values, a)) : anyMatch(f.values, actual);
    if (!ok) return false;
  }
  return true;
}

export function instanceXml(v: InstanceView): string {
  const m = v.metadataOptions;
  return (
    el("instanceId", v.instanceId) +
    el("imageId", v.imageId) +
    node("instanceState", el("code", v.stateCode) + el("name", v.state)) +
    el(
      "privateDnsName",
      `ip-${v.privateIpAddress.replace(/\./g, "-")}.${v.availabilityZone.slice(0, -1)}.compute.internal`,
    ) +
    `<dnsName/>` +
    el("reason", v.stateTransitionReason) +
    `<amiLaunchIndex>0</amiLaunchIndex>` +
    el("instanceType", v.instanceType) +
    el("launchTime", isoTime(v.launchTime)) +
    node("placement", el("availabilityZone", v.availabilityZone) + `<groupName/><tenancy>default</tenancy>`) +
    node("monitoring", "<state>disabled</state>") +
    el("privateIpAddress", v.privateIpAddress) +
    `<architecture>${v.instanceType.includes("g.") ? "arm64" : "x86_64"}</architecture>` +
    `<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>` +
    `<virtualizationType>hvm</virtualizationType>` +
    itemSet("tagSet", v.tags, (t) => el("key", t.key) + el("value", t.value)) +
    node(
      "metadataOptions",
      el("state", m.state) +
        el("httpTokens", m.httpTokens) +
        el("httpPutResponseHopLimit", m.httpPutResponseHopLimit) +
        el("httpEndpoint", m.httpEndpoint) +
        el("httpProtocolIpv6", m.httpProtocolIpv6) +
        el("instanceMetadataTags", m.instanceMetadataTags),
    )
  );
}

function reservationXml(v: InstanceView): string {
  return `<item>${el("reservationId", v.reservationId)}${el("ownerId", v.ownerId)}<groupSet/>${node(
    "instancesSet",
    `<item>${instanceXml(v)}</item>`,
  )}</item>`;
}

export interface DescribeInstancesPlan {
  /** Unfiltered and unpaginated calls draw from EC2's smaller token bucket. */
  unfilteredUnpaginated: boolean;
}

export function describeInstancesPlan(params: URLSearchParams): DescribeInstancesPlan {
  const has = (prefix: string) => [...params.keys()].some((k) => k.startsWith(prefix));
  return { unfilteredUnpaginated: !has("Filter.") && !has("InstanceId.") && !params.has("MaxResults") };
}

export function describeInstances(ctx: CallContext, params: URLSearchParams): string {
  const filters = parseFilters(params);
  for (const f of filters) if (!f.name.startsWith("tag:") && !INSTANCE_FILTERS.has(f.name)) throw invalidFilter(f.name);
  const ids = listParam(params, "InstanceId");
  const maxResults = intParam(params, "MaxResults");
  const nextToken = params.get("NextToken");
  if (maxResults !== undefined && ids.length > 0) {
    throw new SimError(
      "InvalidParameterCombination",
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw new SimError(
      "InvalidParameterValue",
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  const cell = ctx.fleet.cell(ctx.caller.account.id, ctx.region);
  const requestKey = `${cell.accountId}/${cell.region}|${filtersKey(filters)}`;

  if (ids.length > 0) {
    const malformed = ids.find((id) => !INSTANCE_ID.test(id));
    if (malformed) throw new SimError("InvalidInstanceID.Malformed", `Invalid id: "${malformed}"`);
    const found = ids.map((id) => {
      const inst = ctx.fleet.findInstance(id);
      return inst && inst.accountId === cell.accountId && inst.region === cell.region ? inst : undefined;
    });
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length === 1)
      throw new SimError("InvalidInstanceID.NotFound", `The instance ID '${missing[0]}' does not exist`);
    if (missing.length > 1) {
      throw new SimError("InvalidInstanceID.NotFound", `The instance IDs '${missing.join(", ")}' do not exist`);
    }
    const seen = new Set<string>();
    let out = "";
    for (const inst of found) {
      if (!inst || seen.has(inst.instanceId)) continue;
      seen.add(inst.instanceId);
      const v = viewOf(inst, ctx.now);
      if (matches(filters, v)) out += reservationXml(v);
    }
    return node("reservationSet", out);
  }

  const instances = cell.instances;
  let position = nextToken ? decodePageToken(nextToken, requestKey) : 0;
  const limit = maxResults ?? Infinity;
  let out = "";
  let count = 0;
  let resumeAt: number | null = null;
  for (; position < instances.length; position++) {
    const inst = instances[position];
    if (!inst) continue;
    const v = viewOf(inst, ctx.now);
    if (!matches(filters, v)) continue;
    // Look one match ahead before emitting a token, so the last page never carries one.
    if (count === limit) {
      resumeAt = position;
      break;
    }
    out += reservationXml(v);
    count++;
  }
  return (
    node("reservationSet", out) + (resumeAt !== null ? el("nextToken", encodePageToken(resumeAt, requestKey)) : "")
  );
}
