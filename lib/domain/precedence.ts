import { formatUtcMinute } from "./time";
export interface PrecedenceFacts {
  instance: {
    httpTokens: string;
    launchTemplateId: string | null;
    launchTemplateVersion: string | null;
    imageId: string | null;
  };
  /** The template version the instance launched from, if it was read. */
  template: { name: string | null; versionNumber: number; httpTokens: string | null } | null;
  /** The region's account-level default today (null: not collected). */
  regionDefault: { httpTokens: string | null; managedBy: string | null } | null;
  /** The AMI, if it was read (deregistered or unshared AMIs cannot be). */
  image: { imageId: string; imdsSupport: string | null } | null;
  /**
   * The last change of HttpTokens (from differs from to), if any. An observed row with from = null
   * is the collector's first sighting, not a change, and is ignored.
   */
  changedAfterLaunch: { at: Date; from: string | null; to: string; source: "observed" | "cloudtrail" } | null;
}

export type DecidedBy = "modified-after-launch" | "launch-template" | "regional-default" | "ami" | "ec2-default";

export interface PrecedenceStep {
  source: DecidedBy;
  /** What this source says (null: it says nothing, or it is not known). */
  value: string | null;
  decides: boolean;
  text: string;
}

export interface PrecedenceExplanation {
  /** The instance's current HttpTokens. */
  verdict: string;
  decidedBy: DecidedBy;
  /** Every source, highest precedence first; exactly one decides. */
  steps: PrecedenceStep[];
  summary: string;
}

const TOKENS = new Set(["optional", "required"]);
const tokensOrNull = (value: string | null | undefined) => (value && TOKENS.has(value) ? value : null);

interface LaunchStep extends PrecedenceStep {
  /** The fact could not be read, so this source may have decided without our knowing. */
  unknown: boolean;
}

/**
 * Why an instance has its HttpTokens, by AWS's launch precedence: launch parameters / launch
 * template > the region's account default > AMI ImdsSupport (v2.0 means required) > EC2's
 * default (optional); a later ModifyInstanceMetadataOptions overrides all of them. The regional
 * default is today's, and launch parameters are not visible: when the current value differs from
 * what the launch rules predict and no change is on record, the summary says so instead of guessing.
 */
export function explainHttpTokens(facts: PrecedenceFacts): PrecedenceExplanation {
  const verdict = facts.instance.httpTokens;
  const launch = launchSteps(facts);
  // The EC2 default always has a value, so some step decides the launch-time prediction.
  const decider = launch.find((step) => step.value !== null) ?? launch[launch.length - 1]!;
  const predicted = decider.value ?? "optional";
  const unknownAbove = launch.slice(0, launch.indexOf(decider)).filter((step) => step.unknown);
  const prediction = `the launch-time rules give ${predicted} (${decider.text})`;
  const steps = (decides: LaunchStep | null) =>
    launch.map(({ unknown: _unknown, ...step }) => ({ ...step, decides: step.source === decides?.source }));

  const change = facts.changedAfterLaunch;
  const realChange =
    change !== null && change.from !== change.to && (change.from !== null || change.source === "cloudtrail");
  if (realChange && change.to === verdict) {
    const how = change.source === "cloudtrail" ? "ModifyInstanceMetadataOptions in CloudTrail" : "seen by a collection";
    const text = `changed ${change.from === null ? "" : `from ${change.from} `}to ${change.to} on ${formatAt(change.at)} (${how})`;
    return {
      verdict,
      decidedBy: "modified-after-launch",
      steps: [{ source: "modified-after-launch", value: change.to, decides: true, text }, ...steps(null)],
      summary: `${verdict} because it was ${text}; ${prediction}`,
    };
  }

  if (predicted === verdict) {
    const others = launch.filter((step) => step !== decider && step.source !== "ec2-default").map((step) => step.text);
    return {
      verdict,
      decidedBy: decider.source,
      steps: steps(decider),
      summary: [`${verdict} because ${decider.text}`, ...others].join("; "),
    };
  }

  // The known launch rules do not explain the value.
  const unread = unknownAbove[0];
  if (unread) {
    return {
      verdict,
      decidedBy: unread.source,
      steps: steps(unread),
      summary:
        `${verdict}: ${unread.text}, so it most likely set ${verdict} (or the value was changed after launch); ` +
        `the known rules give ${predicted} (${decider.text})`,
    };
  }
  const text =
    realChange && change.to !== verdict
      ? `changed after launch again, after the recorded change to ${change.to} on ${formatAt(change.at)} (no record of when)`
      : "changed after launch or set by launch parameters (no record of when)";
  const regionalCaveat =
    decider.source === "regional-default"
      ? "; the regional default applies to new launches only and may have been different at launch"
      : "";
  return {
    verdict,
    decidedBy: "modified-after-launch",
    steps: [{ source: "modified-after-launch", value: verdict, decides: true, text }, ...steps(null)],
    summary: `${verdict}, but ${prediction}: it was ${text}${regionalCaveat}`,
  };
}

function launchSteps(facts: PrecedenceFacts): LaunchStep[] {
  const { instance, template, regionDefault, image } = facts;

  let templateStep: LaunchStep;
  const templateName = template?.name ?? instance.launchTemplateId;
  const versionLabel = template
    ? `v${template.versionNumber}`
    : instance.launchTemplateVersion
      ? `v${instance.launchTemplateVersion}`
      : "";
  const templateLabel = `launch template ${[templateName, versionLabel].filter(Boolean).join(" ")}`;
  if (template) {
    const value = tokensOrNull(template.httpTokens);
    templateStep = {
      source: "launch-template",
      value,
      decides: false,
      unknown: false,
      text: value ? `${templateLabel} sets http_tokens=${value}` : `${templateLabel} does not set http_tokens`,
    };
  } else if (instance.launchTemplateId) {
    templateStep = {
      source: "launch-template",
      value: null,
      decides: false,
      unknown: true,
      text: `${templateLabel} was not read`,
    };
  } else {
    templateStep = {
      source: "launch-template",
      value: null,
      decides: false,
      unknown: false,
      text: "no launch template",
    };
  }

  let regionStep: LaunchStep;
  if (regionDefault) {
    const value = tokensOrNull(regionDefault.httpTokens);
    const managed = regionDefault.managedBy === "declarative-policy" ? " (pinned by a declarative policy)" : "";
    regionStep = {
      source: "regional-default",
      value,
      decides: false,
      unknown: false,
      text: value ? `the regional default is ${value}${managed}` : `no regional default is set${managed}`,
    };
  } else {
    regionStep = {
      source: "regional-default",
      value: null,
      decides: false,
      unknown: true,
      text: "the regional default was not collected",
    };
  }

  let imageStep: LaunchStep;
  if (image) {
    const v2 = image.imdsSupport === "v2.0";
    imageStep = {
      source: "ami",
      value: v2 ? "required" : null,
      decides: false,
      unknown: false,
      text: v2
        ? `the AMI ${image.imageId} has ImdsSupport v2.0 (required)`
        : `the AMI ${image.imageId} has no ImdsSupport`,
    };
  } else {
    imageStep = {
      source: "ami",
      value: null,
      decides: false,
      unknown: instance.imageId !== null,
      text: instance.imageId ? `the AMI ${instance.imageId} was not read` : "the AMI is not known",
    };
  }

  const ec2Step: LaunchStep = {
    source: "ec2-default",
    value: "optional",
    decides: false,
    unknown: false,
    text: "EC2's own default is optional",
  };
  return [templateStep, regionStep, imageStep, ec2Step];
}

/** "2026-11-20 14:05 UTC". */
const formatAt = (at: Date) => (Number.isFinite(at.getTime()) ? formatUtcMinute(at) : "an unknown time");
