import type { Json } from "./json-text";
import { decideFromLiveContext, type LiveContext, type LiveNote } from "./live";
import {
  attribute,
  isUnknownUntilApply,
  plannedValue,
  type AttributeState,
  type PlanModel,
  type PlanResource,
} from "./model";

// The policy set. `ec2-metadata-imdsv2-required` is the Sentinel policy of the same name, verdict
// for verdict (see docs in README "Terraform guardrail"); the others extend it to the other places
// an IMDSv1 instance can be declared. Pure: a plan model in, outcomes out.

export const POLICY_IDS = [
  "ec2-metadata-imdsv2-required",
  "ec2-instance-metadata-defaults-imdsv2-required",
  "ec2-launch-template-imdsv2-required",
  "autoscaling-launch-config-imdsv2-required",
] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

interface PolicyDefinition {
  /** The Terraform resource type whose resources are reported. */
  resourceType: string;
  /** What the trace header and rule line call the policy. */
  traceName: string;
  ruleLocation: string;
  /** The description, wrapped as the trace prints it. */
  description: string[];
  /** The message printed for each violation. */
  message: string;
  control: { id: string; url: string };
}

const EC2_8 = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8";
const EC2_170 = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-170";
const AUTOSCALING_3 =
  "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-3";
const refer = (url: string) => `Refer to ${url} for more details.`;

export const POLICIES: Record<PolicyId, PolicyDefinition> = {
  "ec2-metadata-imdsv2-required": {
    resourceType: "aws_instance",
    traceName: "ec2-metadata-imdsv2-required.sentinel",
    ruleLocation: "ec2-metadata-imdsv2-required.sentinel:61:1",
    description: [
      "This policy requires resources of type 'aws_instance' or",
      "'aws_ec2_instance_metadata_defaults' to have 'http_tokens' attribute set to",
      "'required'.",
    ],
    // The seed's message, missing space after "used." included.
    message:
      "Attribute 'http_tokens' must be set to 'required' for all 'aws_instance' resources if 'metadata_options' is used.Else 'aws_ec2_instance_metadata_defaults' resource should have 'http_tokens' set to 'required'. " +
      refer(EC2_8),
    control: { id: "EC2.8", url: EC2_8 },
  },
  "ec2-instance-metadata-defaults-imdsv2-required": {
    resourceType: "aws_ec2_instance_metadata_defaults",
    traceName: "ec2-instance-metadata-defaults-imdsv2-required (imds-guard)",
    ruleLocation: "ec2-instance-metadata-defaults-imdsv2-required (imds-guard)",
    description: [
      "This policy requires resources of type 'aws_ec2_instance_metadata_defaults' to",
      "have 'http_tokens' attribute set to 'required'.",
    ],
    message:
      "Attribute 'http_tokens' must be set to 'required' for all 'aws_ec2_instance_metadata_defaults' resources. " +
      refer(EC2_8),
    control: { id: "EC2.8", url: EC2_8 },
  },
  "ec2-launch-template-imdsv2-required": {
    resourceType: "aws_launch_template",
    traceName: "ec2-launch-template-imdsv2-required (imds-guard)",
    ruleLocation: "ec2-launch-template-imdsv2-required (imds-guard)",
    description: [
      "This policy requires resources of type 'aws_launch_template' to have",
      "'http_tokens' attribute in 'metadata_options' set to 'required'.",
    ],
    message:
      "Attribute 'http_tokens' must be set to 'required' in 'metadata_options' for all 'aws_launch_template' resources. " +
      refer(EC2_170),
    control: { id: "EC2.170", url: EC2_170 },
  },
  "autoscaling-launch-config-imdsv2-required": {
    resourceType: "aws_launch_configuration",
    traceName: "autoscaling-launch-config-imdsv2-required (imds-guard)",
    ruleLocation: "autoscaling-launch-config-imdsv2-required (imds-guard)",
    description: [
      "This policy requires resources of type 'aws_launch_configuration' to have",
      "'http_tokens' attribute in 'metadata_options' set to 'required'.",
    ],
    message:
      "Attribute 'http_tokens' must be set to 'required' in 'metadata_options' for all 'aws_launch_configuration' resources. " +
      refer(AUTOSCALING_3),
    control: { id: "AutoScaling.3", url: AUTOSCALING_3 },
  },
};

type OutcomeStatus = "passed" | "failed" | "unknown";

/**
 * One resource judged by one policy. failed and unknown are violations; unknown = not provable
 * before apply (the imds-guard policies only: the seed policy reads planned values, so it never
 * says unknown, and notes it instead in unknownUntilApply).
 */
export interface ResourceOutcome {
  resource: PlanResource;
  status: OutcomeStatus;
  /** Why, in words: `metadata_options.http_tokens is "optional"`. */
  reason: string;
  /** Information only: which value the verdict read is known only after apply. */
  unknownUntilApply: string | null;
  /** Set when the live context (collected regional defaults, AMI) decided. */
  live: LiveNote | null;
}

export interface EvaluationContext {
  /** Off by default: then every verdict is the seed's. */
  live: LiveContext | null;
}

const quote = (value: Json) => JSON.stringify(value);

type BlockState = { state: "present" } | { state: "absent" } | { state: "unknown" };

/** A nested block (a list of one object in plan JSON): present when the list is non-empty. */
function blockState(resource: PlanResource, block: string): BlockState {
  const found = attribute(resource, [block]);
  if (found.state === "unknown") return { state: "unknown" };
  if (found.state === "absent") return { state: "absent" };
  const value = found.value;
  if (Array.isArray(value)) return value.length > 0 ? { state: "present" } : { state: "absent" };
  if (typeof value === "object" && value !== null)
    return Object.keys(value).length > 0 ? { state: "present" } : { state: "absent" };
  return { state: "present" };
}

/** The block's first element's http_tokens (a non-list block is read as that element). */
function blockTokens(resource: PlanResource, block: string) {
  const found = attribute(resource, [block]);
  const path: (string | number)[] =
    found.state === "known" && !Array.isArray(found.value) ? [block, "http_tokens"] : [block, 0, "http_tokens"];
  return attribute(resource, path);
}

/** An http_tokens attribute judged: required passes, unknown is unknown, anything else fails. */
function judgeTokens(
  tokens: AttributeState,
  /** How reasons name the attribute: `metadata_options.http_tokens`. */
  label: string,
  absentReason: string,
): Omit<ResourceOutcome, "resource" | "live"> {
  if (tokens.state === "unknown") {
    const reason = `${label} is known only after apply`;
    return { status: "unknown", reason, unknownUntilApply: reason };
  }
  if (tokens.state === "absent") return { status: "failed", reason: absentReason, unknownUntilApply: null };
  if (tokens.value === "required")
    return { status: "passed", reason: `${label} is "required"`, unknownUntilApply: null };
  return { status: "failed", reason: `${label} is ${quote(tokens.value)}`, unknownUntilApply: null };
}

/** `metadata_options.http_tokens`, for a block that is present. */
const judgeBlockTokens = (resource: PlanResource, block: string) =>
  judgeTokens(blockTokens(resource, block), `${block}.http_tokens`, `${block} is set but http_tokens is not`);

/** The plan's managed resources of the type `policy` judges (the imds-guard policies). */
const judgedBy = (model: PlanModel, policy: PolicyId) =>
  model.resources.filter((resource) => resource.mode === "managed" && resource.type === POLICIES[policy].resourceType);

// The seed policy, read as the Sentinel source reads it: `tf.plan(tfplan.planned_values.resources)
// .type(...)` filters by type only (a data source in planned_values counts), and `maps.get` sees
// planned values only, where Terraform leaves out every value known only after apply.

const DEFAULTS_TYPE = "aws_ec2_instance_metadata_defaults";
const ofType = (model: PlanModel, type: string) => model.resources.filter((resource) => resource.type === type);
const UNKNOWN = "is known only after apply";

interface SeedDefaults {
  /** length(defaults) > 0 and every one's values.http_tokens is "required". */
  allRequired: boolean;
  /** Whether the plan has any, for the live context (which only stands in for a missing one). */
  present: boolean;
  reason: string;
  unknownUntilApply: string | null;
}

function seedDefaults(model: PlanModel): SeedDefaults {
  const resources = ofType(model, DEFAULTS_TYPE);
  if (resources.length === 0) {
    return {
      allRequired: false,
      present: false,
      reason: `the plan has no ${DEFAULTS_TYPE} resource`,
      unknownUntilApply: null,
    };
  }
  const wrong = resources.find((resource) => plannedValue(resource.values, ["http_tokens"]) !== "required");
  if (wrong) {
    const tokens = plannedValue(wrong.values, ["http_tokens"]);
    const unknown = isUnknownUntilApply(wrong.afterUnknown, ["http_tokens"]);
    const says = tokens === undefined ? "does not set http_tokens" : `sets http_tokens = ${quote(tokens)}`;
    return {
      allRequired: false,
      present: true,
      reason: `${wrong.address} ${says}`,
      unknownUntilApply: unknown ? `${wrong.address}'s http_tokens ${UNKNOWN}` : null,
    };
  }
  const names = resources.map((resource) => resource.address).join(", ");
  return {
    allRequired: true,
    present: true,
    reason: `every ${DEFAULTS_TYPE} (${names}) sets http_tokens = "required"`,
    unknownUntilApply: null,
  };
}

/** Sentinel's `is empty` on `maps.get(res.values, "metadata_options", [])`. */
function isEmptyBlock(block: Json | undefined): boolean {
  if (block === undefined || block === "") return true;
  if (Array.isArray(block)) return block.length === 0;
  return typeof block === "object" && block !== null && Object.keys(block).length === 0;
}

const joinNotes = (...notes: (string | null)[]) => notes.filter((note) => note !== null).join("; ") || null;

function evaluateInstances(model: PlanModel, context: EvaluationContext): ResourceOutcome[] {
  const defaults = seedDefaults(model);
  return ofType(model, "aws_instance").map((resource): ResourceOutcome => {
    const block = plannedValue(resource.values, ["metadata_options"]);
    if (isEmptyBlock(block)) {
      const blockNote = isUnknownUntilApply(resource.afterUnknown, ["metadata_options"])
        ? `metadata_options ${UNKNOWN} (the provider computes it; the policy reads it as absent)`
        : null;
      if (defaults.allRequired) {
        return {
          resource,
          status: "passed",
          reason: `no metadata_options; ${defaults.reason}`,
          unknownUntilApply: null,
          live: null,
        };
      }
      const failed = {
        resource,
        reason: `no metadata_options, and ${defaults.reason}`,
        unknownUntilApply: joinNotes(blockNote, defaults.unknownUntilApply),
      };
      // Live context only stands in for a defaults resource the plan lacks, never overrides one.
      if (context.live && !defaults.present) {
        const decision = decideFromLiveContext(resource, context.live);
        return { ...failed, status: decision.passes ? "passed" : "failed", live: decision.note };
      }
      return { ...failed, status: "failed", live: null };
    }
    // A block read as a list's first element; a bare object (HCL input) as that element.
    const tokensPath: (string | number)[] = Array.isArray(block)
      ? ["metadata_options", 0, "http_tokens"]
      : ["metadata_options", "http_tokens"];
    const tokens = plannedValue(resource.values, tokensPath);
    if (tokens === "required") {
      return {
        resource,
        status: "passed",
        reason: 'metadata_options.http_tokens is "required"',
        unknownUntilApply: null,
        live: null,
      };
    }
    const unknown = isUnknownUntilApply(resource.afterUnknown, tokensPath);
    return {
      resource,
      status: "failed",
      reason:
        tokens === undefined
          ? "metadata_options is set but http_tokens is not"
          : `metadata_options.http_tokens is ${quote(tokens)}`,
      unknownUntilApply: unknown ? `metadata_options.http_tokens ${UNKNOWN}` : null,
      live: null,
    };
  });
}

function evaluateDefaults(model: PlanModel): ResourceOutcome[] {
  return judgedBy(model, "ec2-instance-metadata-defaults-imdsv2-required").map((resource): ResourceOutcome => ({
    resource,
    live: null,
    ...judgeTokens(attribute(resource, ["http_tokens"]), "http_tokens", "http_tokens is not set"),
  }));
}

/** Launch templates and configurations must say required themselves (Security Hub judges the template alone). */
function evaluateLaunchSettings(model: PlanModel, policy: PolicyId): ResourceOutcome[] {
  return judgedBy(model, policy).map((resource): ResourceOutcome => {
    const block = blockState(resource, "metadata_options");
    if (block.state === "unknown") {
      const reason = `metadata_options ${UNKNOWN}`;
      return { resource, status: "unknown", reason, unknownUntilApply: reason, live: null };
    }
    if (block.state === "absent")
      return { resource, status: "failed", reason: "metadata_options is not set", unknownUntilApply: null, live: null };
    return { resource, live: null, ...judgeBlockTokens(resource, "metadata_options") };
  });
}

export function evaluatePolicy(id: PolicyId, model: PlanModel, context: EvaluationContext): ResourceOutcome[] {
  switch (id) {
    case "ec2-metadata-imdsv2-required":
      return evaluateInstances(model, context);
    case "ec2-instance-metadata-defaults-imdsv2-required":
      return evaluateDefaults(model);
    case "ec2-launch-template-imdsv2-required":
    case "autoscaling-launch-config-imdsv2-required":
      return evaluateLaunchSettings(model, id);
  }
}
