// IMDS settings: regional account defaults and per-instance options.
import { SimError } from "@/lib/simulator/errors";
import { INSTANCE_ID } from "./ids";
import type { DefaultsChange, MetadataOptionsChange } from "@/lib/simulator/fleet";
import { boolParam, enumParam, intParam } from "@/lib/simulator/query-params";
import type { CallContext } from "@/lib/simulator/protocols/context";
import { el, node } from "@/lib/simulator/xml";

const ENABLED = ["enabled", "disabled"] as const;
const TOKENS = ["optional", "required"] as const;

export function dryRunSucceeded(): SimError {
  return new SimError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
}

export function getInstanceMetadataDefaults(ctx: CallContext): string {
  const d = ctx.fleet.getRegionalDefaults(ctx.caller.account.id, ctx.region);
  return node(
    "accountLevel",
    el("httpTokens", d.httpTokens) +
      el("httpPutResponseHopLimit", d.httpPutResponseHopLimit) +
      el("httpEndpoint", d.httpEndpoint) +
      el("instanceMetadataTags", d.instanceMetadataTags) +
      el("managedBy", d.managedBy) +
      el("managedExceptionMessage", d.managedExceptionMessage) +
      el("httpTokensEnforced", d.httpTokensEnforced),
  );
}

export function modifyInstanceMetadataDefaults(ctx: CallContext, params: URLSearchParams): string {
  const withClear = <T extends string>(values: readonly T[]) => [...values, "no-preference"] as const;
  const change: DefaultsChange = {
    httpTokens: enumParam(params, "HttpTokens", withClear(TOKENS)),
    httpEndpoint: enumParam(params, "HttpEndpoint", withClear(ENABLED)),
    instanceMetadataTags: enumParam(params, "InstanceMetadataTags", withClear(ENABLED)),
    httpTokensEnforced: enumParam(params, "HttpTokensEnforced", withClear(ENABLED)),
    httpPutResponseHopLimit: intParam(params, "HttpPutResponseHopLimit"),
  };
  const hop = change.httpPutResponseHopLimit;
  if (hop !== undefined && hop !== -1 && (hop < 1 || hop > 64)) {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${hop}) for parameter HttpPutResponseHopLimit is invalid. Use an integer from 1 to 64, or -1 for no preference.`,
    );
  }
  if (Object.values(change).every((v) => v === undefined)) {
    throw new SimError(
      "MissingParameter",
      "The request must contain at least one of HttpTokens, HttpPutResponseHopLimit, HttpEndpoint, InstanceMetadataTags, HttpTokensEnforced.",
    );
  }
  const dryRun = boolParam(params, "DryRun");
  ctx.fleet.modifyInstanceMetadataDefaults(ctx.caller.account.id, ctx.region, change, dryRun);
  if (dryRun) throw dryRunSucceeded();
  return el("return", true);
}

export function modifyInstanceMetadataOptions(ctx: CallContext, params: URLSearchParams): string {
  const instanceId = params.get("InstanceId");
  if (!instanceId) throw new SimError("MissingParameter", "The request must contain the parameter InstanceId");
  const change: MetadataOptionsChange = {
    httpTokens: enumParam(params, "HttpTokens", TOKENS),
    httpEndpoint: enumParam(params, "HttpEndpoint", ENABLED),
    httpProtocolIpv6: enumParam(params, "HttpProtocolIpv6", ENABLED),
    instanceMetadataTags: enumParam(params, "InstanceMetadataTags", ENABLED),
    httpPutResponseHopLimit: intParam(params, "HttpPutResponseHopLimit"),
  };
  const hop = change.httpPutResponseHopLimit;
  if (hop !== undefined && (hop < 1 || hop > 64)) {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${hop}) for parameter HttpPutResponseHopLimit is invalid. Use an integer from 1 to 64.`,
    );
  }
  if (!INSTANCE_ID.test(instanceId)) throw new SimError("InvalidInstanceID.Malformed", `Invalid id: "${instanceId}"`);
  const inst = ctx.fleet.findInstance(instanceId);
  if (!inst || inst.accountId !== ctx.caller.account.id || inst.region !== ctx.region) {
    throw new SimError("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`);
  }
  if (boolParam(params, "DryRun")) {
    // A dry run still reports what the real call would refuse.
    ctx.fleet.assertMetadataOptionsAllowed(inst, change);
    throw dryRunSucceeded();
  }
  const applied = ctx.fleet.modifyInstanceMetadataOptions(inst, change, ctx.now);
  return (
    el("instanceId", inst.instanceId) +
    node(
      "instanceMetadataOptions",
      el("state", "pending") +
        el("httpTokens", applied.httpTokens) +
        el("httpPutResponseHopLimit", applied.httpPutResponseHopLimit) +
        el("httpEndpoint", applied.httpEndpoint) +
        el("httpProtocolIpv6", applied.httpProtocolIpv6) +
        el("instanceMetadataTags", applied.instanceMetadataTags),
    )
  );
}
