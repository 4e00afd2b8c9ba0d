import { GetInstanceMetadataDefaultsCommand, type EC2Client } from "@aws-sdk/client-ec2";

/** A region's account-level IMDS defaults; null means "never set" (not "no-preference"). */
export interface MetadataDefaults {
  httpTokens: string | null;
  httpPutResponseHopLimit: number | null;
  httpEndpoint: string | null;
  instanceMetadataTags: string | null;
  httpTokensEnforced: string | null;
  managedBy: string | null;
  managedExceptionMessage: string | null;
}

export async function getMetadataDefaults(ec2: EC2Client): Promise<MetadataDefaults> {
  const reply = await ec2.send(new GetInstanceMetadataDefaultsCommand({}));
  const level = reply.AccountLevel ?? {};
  return {
    httpTokens: level.HttpTokens ?? null,
    httpPutResponseHopLimit: level.HttpPutResponseHopLimit ?? null,
    httpEndpoint: level.HttpEndpoint ?? null,
    instanceMetadataTags: level.InstanceMetadataTags ?? null,
    httpTokensEnforced: level.HttpTokensEnforced ?? null,
    managedBy: level.ManagedBy ?? null,
    managedExceptionMessage: level.ManagedExceptionMessage ?? null,
  };
}
