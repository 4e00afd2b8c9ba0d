// The instance metadata service settings, defined once: what EC2 reports for an instance, a launch
// template version and a region's account-level defaults, and the records the collector keeps.
// Types only (and the HttpTokens values): lib/aws fills them from the SDK, lib/db stores them.

export const HTTP_TOKENS = ["optional", "required"] as const;
/** optional = IMDSv1 allowed; required = IMDSv2 only (a session token on every call). */
export type HttpTokens = (typeof HTTP_TOKENS)[number];

export const isHttpTokens = (value: unknown): value is HttpTokens =>
  typeof value === "string" && (HTTP_TOKENS as readonly string[]).includes(value);

/** The settings an instance, a launch template version or a region default share; null = not set. */
export interface ImdsSettings<Tokens = string | null> {
  httpTokens: Tokens;
  httpPutResponseHopLimit: number | null;
  httpEndpoint: string | null;
  instanceMetadataTags: string | null;
}

/** A region's account-level IMDS defaults; null means "never set" (not "no-preference"). */
export interface RegionDefaults extends ImdsSettings {
  httpTokensEnforced: string | null;
}

/** What GetInstanceMetadataDefaults answers: the defaults, and who manages them (declarative policies). */
export interface MetadataDefaults extends RegionDefaults {
  managedBy: string | null;
  managedExceptionMessage: string | null;
}

/** An instance's metadata options as EC2 reports them (DescribeInstances or the Modify reply). */
export interface InstanceMetadataOptions extends ImdsSettings<HttpTokens> {
  instanceId: string;
  httpProtocolIpv6: string | null;
  /** pending right after a change, applied once EC2 has rolled it out. */
  state: string | null;
}

export interface InstanceRecord extends ImdsSettings<HttpTokens> {
  instanceId: string;
  availabilityZone: string | null;
  instanceType: string | null;
  imageId: string | null;
  state: string;
  launchTime: Date | null;
  tags: Record<string, string>;
  name: string | null;
  team: string | null;
  environment: string | null;
  /** From the aws:ec2launchtemplate:* tags: instances carry no launch-template field. */
  launchTemplateId: string | null;
  launchTemplateVersion: string | null;
  httpProtocolIpv6: string | null;
  metadataState: string | null;
}

export interface ImageRecord {
  imageId: string;
  name: string | null;
  ownerId: string | null;
  creationDate: string | null;
  /** "v2.0" makes launches from this AMI default to HttpTokens=required. */
  imdsSupport: string | null;
}

/** httpTokens null = the template does not specify it (the regional default, then the AMI, decide). */
export interface LaunchTemplateVersionRecord extends ImdsSettings {
  launchTemplateId: string;
  launchTemplateName: string | null;
  versionNumber: number;
  isDefault: boolean;
  imageId: string | null;
}

/** A stored or reported HttpTokens value as the type; anything else is a bug upstream, so it throws. */
export function httpTokensOf(value: unknown): HttpTokens {
  if (isHttpTokens(value)) return value;
  throw new Error(`HttpTokens must be optional or required, got ${JSON.stringify(value)}`);
}
