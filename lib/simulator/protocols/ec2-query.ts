// EC2's ec2Query protocol: form-encoded Action=...&Version=2016-11-15 in, XML out.
import { describeImages } from "@/lib/simulator/ec2/describe-images";
import { describeInstances, describeInstancesPlan } from "@/lib/simulator/ec2/describe-instances";
import { describeRegions } from "@/lib/simulator/ec2/describe-regions";
import {
  dryRunSucceeded,
  getInstanceMetadataDefaults,
  modifyInstanceMetadataDefaults,
  modifyInstanceMetadataOptions,
} from "@/lib/simulator/ec2/instance-metadata";
import { describeLaunchTemplateVersions } from "@/lib/simulator/ec2/launch-templates";
import type { SimError } from "@/lib/simulator/errors";
import { boolParam } from "@/lib/simulator/query-params";
import { BUCKETS, type BucketSpec } from "@/lib/simulator/token-bucket";
import { el, esc } from "@/lib/simulator/xml";
import { XML_HEADERS, XML_PROLOG, type CallContext, type Reply } from "./context";

export const EC2_VERSION = "2016-11-15";
const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

type Ec2Handler = (ctx: CallContext, params: URLSearchParams) => string;

/**
 * Every EC2 action takes DryRun. A read-only action validates its parameters as usual, then answers
 * DryRunOperation (412) instead of the result; a refused caller never gets here (UnauthorizedOperation).
 */
function readOnly(handler: Ec2Handler): Ec2Handler {
  return (ctx, params) => {
    const dryRun = boolParam(params, "DryRun");
    const reply = handler(ctx, params);
    if (dryRun) throw dryRunSucceeded();
    return reply;
  };
}

/** The two Modify actions honour DryRun themselves: they must stop before changing anything. */
export const EC2_ACTIONS: Record<string, Ec2Handler> = {
  DescribeRegions: readOnly(describeRegions),
  DescribeInstances: readOnly(describeInstances),
  DescribeImages: readOnly(describeImages),
  DescribeLaunchTemplateVersions: readOnly(describeLaunchTemplateVersions),
  GetInstanceMetadataDefaults: readOnly(getInstanceMetadataDefaults),
  ModifyInstanceMetadataDefaults: modifyInstanceMetadataDefaults,
  ModifyInstanceMetadataOptions: modifyInstanceMetadataOptions,
};

/** Which EC2 token bucket a call draws from (aws-facts.md), keyed per account x region x API. */
export function ec2Bucket(action: string, params: URLSearchParams): { name: string; spec: BucketSpec } {
  if (action === "ModifyInstanceMetadataOptions") return { name: action, spec: BUCKETS.modifyInstanceMetadataOptions };
  if (action === "ModifyInstanceMetadataDefaults")
    return { name: action, spec: BUCKETS.modifyInstanceMetadataDefaults };
  if (action === "DescribeInstances" && describeInstancesPlan(params).unfilteredUnpaginated) {
    return { name: `${action}:unfiltered`, spec: BUCKETS.describeUnfiltered };
  }
  return { name: action, spec: BUCKETS.describe };
}

export function ec2Reply(requestId: string, action: string, inner: string): Reply {
  return {
    status: 200,
    headers: { ...XML_HEADERS },
    body: `${XML_PROLOG}<${action}Response xmlns="${NS}">${el("requestId", requestId)}${inner}</${action}Response>`,
  };
}

export function ec2Error(requestId: string, err: SimError): Reply {
  return {
    status: err.status,
    headers: { ...XML_HEADERS },
    body:
      `${XML_PROLOG}<Response><Errors><Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message>` +
      `</Error></Errors><RequestID>${esc(requestId)}</RequestID></Response>`,
  };
}
