import { DescribeInstancesCommand, ModifyInstanceMetadataOptionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { readDryRun, type DryRunResult } from "./errors";
import type { InstanceMetadataOptions } from "@/lib/domain/imds";

/** DescribeInstances accepts at most 1000 ids per call (and no MaxResults with InstanceIds). */
export const DESCRIBE_IDS_BATCH = 1000;

/**
 * The live metadata options of the given instances of one account-region, by id. Ids EC2 does
 * not know make the whole call fail (InvalidInstanceID.NotFound): the caller decides what that means.
 */
export async function describeMetadataOptions(
  ec2: EC2Client,
  instanceIds: readonly string[],
): Promise<Map<string, InstanceMetadataOptions>> {
  const found = new Map<string, InstanceMetadataOptions>();
  for (let start = 0; start < instanceIds.length; start += DESCRIBE_IDS_BATCH) {
    const batch = instanceIds.slice(start, start + DESCRIBE_IDS_BATCH);
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...batch], NextToken: nextToken }));
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          if (!instance.InstanceId) continue;
          const options = instance.MetadataOptions;
          found.set(instance.InstanceId, {
            instanceId: instance.InstanceId,
            // EC2 always reports HttpTokens; "optional" is its own default when absent.
            httpTokens: options?.HttpTokens ?? "optional",
            httpPutResponseHopLimit: options?.HttpPutResponseHopLimit ?? null,
            httpEndpoint: options?.HttpEndpoint ?? null,
            httpProtocolIpv6: options?.HttpProtocolIpv6 ?? null,
            instanceMetadataTags: options?.InstanceMetadataTags ?? null,
            state: options?.State ?? null,
          });
        }
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }
  return found;
}

/** A ModifyInstanceMetadataOptions request: omitted fields keep their value. */
export interface MetadataOptionsChange {
  instanceId: string;
  httpTokens?: "optional" | "required";
  httpPutResponseHopLimit?: number;
}

const modifyCommand = (change: MetadataOptionsChange, dryRun: boolean) =>
  new ModifyInstanceMetadataOptionsCommand({
    InstanceId: change.instanceId,
    HttpTokens: change.httpTokens,
    HttpPutResponseHopLimit: change.httpPutResponseHopLimit,
    DryRun: dryRun || undefined,
  });

/** A DryRun of the change (see readDryRun). */
export function dryRunMetadataOptions(ec2: EC2Client, change: MetadataOptionsChange): Promise<DryRunResult> {
  return readDryRun(() => ec2.send(modifyCommand(change, true)));
}

/** The real call; throws the SDK's error on failure. Returns what EC2 reports (state pending). */
export async function modifyMetadataOptions(
  ec2: EC2Client,
  change: MetadataOptionsChange,
): Promise<{ requestId: string | null; options: InstanceMetadataOptions }> {
  const reply = await ec2.send(modifyCommand(change, false));
  const options = reply.InstanceMetadataOptions;
  return {
    requestId: reply.$metadata.requestId ?? null,
    options: {
      instanceId: reply.InstanceId ?? change.instanceId,
      httpTokens: options?.HttpTokens ?? change.httpTokens ?? "optional",
      httpPutResponseHopLimit: options?.HttpPutResponseHopLimit ?? change.httpPutResponseHopLimit ?? null,
      httpEndpoint: options?.HttpEndpoint ?? null,
      httpProtocolIpv6: options?.HttpProtocolIpv6 ?? null,
      instanceMetadataTags: options?.InstanceMetadataTags ?? null,
      state: options?.State ?? "pending",
    },
  };
}
