import { paginateDescribeInstances, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import type { InstanceRecord } from "@/lib/domain/imds";

const TEAM_TAG_KEYS = ["team", "Team", "owner", "Owner"];
const ENVIRONMENT_TAG_KEYS = ["environment", "Environment", "env", "Env"];

function firstTag(tags: Record<string, string>, keys: string[]): string | null {
  for (const key of keys) if (tags[key]) return tags[key];
  return null;
}

/** The team an instance's tags name (team, Team, owner, Owner: the first non-empty), else null. */
export const teamFromTags = (tags: Record<string, string>): string | null => firstTag(tags, TEAM_TAG_KEYS);

export function toInstanceRecord(instance: Instance): InstanceRecord {
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? "";
  const options = instance.MetadataOptions;
  return {
    instanceId: instance.InstanceId!,
    availabilityZone: instance.Placement?.AvailabilityZone ?? null,
    instanceType: instance.InstanceType ?? null,
    imageId: instance.ImageId ?? null,
    state: instance.State?.Name ?? "unknown",
    launchTime: instance.LaunchTime ?? null,
    tags,
    name: tags.Name ?? null,
    team: teamFromTags(tags),
    environment: firstTag(tags, ENVIRONMENT_TAG_KEYS),
    launchTemplateId: tags["aws:ec2launchtemplate:id"] ?? null,
    launchTemplateVersion: tags["aws:ec2launchtemplate:version"] ?? null,
    // EC2 always reports HttpTokens; "optional" is its own default when absent.
    httpTokens: options?.HttpTokens ?? "optional",
    httpPutResponseHopLimit: options?.HttpPutResponseHopLimit ?? null,
    httpEndpoint: options?.HttpEndpoint ?? null,
    httpProtocolIpv6: options?.HttpProtocolIpv6 ?? null,
    instanceMetadataTags: options?.InstanceMetadataTags ?? null,
    metadataState: options?.State ?? null,
  };
}

/** Every instance of the region, 1000 a page (the documented maximum). */
export async function listInstances(ec2: EC2Client, onPage?: (count: number) => void): Promise<InstanceRecord[]> {
  const records: InstanceRecord[] = [];
  for await (const page of paginateDescribeInstances({ client: ec2 }, { MaxResults: 1000 })) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.InstanceId) records.push(toInstanceRecord(instance));
      }
    }
    onPage?.(records.length);
  }
  return records;
}
