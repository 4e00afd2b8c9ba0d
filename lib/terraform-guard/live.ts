import { attribute, type PlanResource } from "./model";

// Live context: for an aws_instance that sets no metadata_options in a plan without a defaults
// resource, what AWS will actually apply at launch depends on facts outside the plan. The
// dashboard has collected them: each account-region's IMDS default and each AMI's ImdsSupport.
// Launch precedence (as lib/domain/precedence.ts): the account's regional default, when set,
// decides; else an AMI with ImdsSupport v2.0 means required; else EC2's default, optional.

export interface LiveFacts {
  /** Collected account-level defaults (httpTokens null = never set in that account-region). */
  regionDefaults: { accountId: string; region: string; httpTokens: string | null }[];
  images: { accountId: string; region: string; imageId: string; imdsSupport: string | null }[];
}

export interface LiveContext {
  facts: LiveFacts;
  /** Only this account's defaults count; null = every collected account with that region. */
  accountId: string | null;
}

export interface LiveNote {
  /** Which fact decided: null when none could (region or AMI unknown, nothing collected). */
  decidedBy: "regional-default" | "ami" | null;
  text: string;
}

interface LiveDecision {
  passes: boolean;
  note: LiveNote;
}

const accountList = (accounts: string[]) =>
  accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(", ")}`;

export function decideFromLiveContext(resource: PlanResource, live: LiveContext): LiveDecision {
  const region = resource.region;
  if (!region) {
    return {
      passes: false,
      note: {
        decidedBy: null,
        text: "live context: the provider's region is not a constant in the plan, so no collected default applies",
      },
    };
  }
  const defaults = live.facts.regionDefaults
    .filter((cell) => cell.region === region && (live.accountId === null || cell.accountId === live.accountId))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  const optional = defaults.filter((cell) => cell.httpTokens !== null && cell.httpTokens !== "required");
  if (optional.length > 0) {
    return {
      passes: false,
      note: {
        decidedBy: "regional-default",
        text: `live context: the regional default in ${region} is http_tokens=${optional[0]!.httpTokens} (${accountList(optional.map((cell) => cell.accountId))})`,
      },
    };
  }
  if (defaults.length > 0 && defaults.every((cell) => cell.httpTokens === "required")) {
    return {
      passes: true,
      note: {
        decidedBy: "regional-default",
        text: `live context: the regional default in ${region} is http_tokens=required (${accountList(defaults.map((cell) => cell.accountId))})`,
      },
    };
  }
  const defaultsText =
    defaults.length === 0
      ? `no regional default collected for ${region}${live.accountId ? ` in account ${live.accountId}` : ""}`
      : `no regional default set in ${region} (${accountList(defaults.filter((cell) => cell.httpTokens === null).map((cell) => cell.accountId))})`;

  const ami = attribute(resource, ["ami"]);
  if (ami.state !== "known" || typeof ami.value !== "string") {
    const what = ami.state === "unknown" ? "the AMI is known only after apply" : "the instance names no AMI";
    return { passes: false, note: { decidedBy: null, text: `live context: ${defaultsText}, and ${what}` } };
  }
  const imageId = ami.value;
  const images = live.facts.images.filter((image) => image.imageId === imageId && image.region === region);
  if (images.length > 0 && images.every((image) => image.imdsSupport === "v2.0")) {
    return {
      passes: true,
      note: { decidedBy: "ami", text: `live context: ${defaultsText}; AMI ${imageId} has ImdsSupport v2.0` },
    };
  }
  const imageText =
    images.length === 0 ? `AMI ${imageId} was not collected in ${region}` : `AMI ${imageId} has no ImdsSupport v2.0`;
  return {
    passes: false,
    note: { decidedBy: images.length === 0 ? null : "ami", text: `live context: ${defaultsText}, and ${imageText}` },
  };
}

/** The regions and AMIs of the plan's instances: what to load for the live context. */
export function liveScope(resources: readonly PlanResource[]): { regions: string[]; imageIds: string[] } {
  const instances = resources.filter((resource) => resource.mode === "managed" && resource.type === "aws_instance");
  const regions = new Set<string>();
  const imageIds = new Set<string>();
  for (const instance of instances) {
    if (instance.region) regions.add(instance.region);
    const ami = attribute(instance, ["ami"]);
    if (ami.state === "known" && typeof ami.value === "string") imageIds.add(ami.value);
  }
  return { regions: [...regions].sort(), imageIds: [...imageIds].sort() };
}
