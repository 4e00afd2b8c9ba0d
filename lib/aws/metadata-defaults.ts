import {
  GetInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataDefaultsCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { readDryRun, type DryRunResult } from "./errors";
import type { MetadataDefaults } from "@/lib/domain/imds";

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

/**
 * A ModifyInstanceMetadataDefaults request: an absent field is left as it is, "no-preference"
 * (-1 for the hop limit) clears the setting.
 */
export interface MetadataDefaultsChange {
  httpTokens?: "optional" | "required" | "no-preference";
  httpPutResponseHopLimit?: number;
  httpEndpoint?: "enabled" | "disabled" | "no-preference";
  instanceMetadataTags?: "enabled" | "disabled" | "no-preference";
  httpTokensEnforced?: "enabled" | "disabled" | "no-preference";
}

function modifyCommand(change: MetadataDefaultsChange, dryRun: boolean) {
  return new ModifyInstanceMetadataDefaultsCommand({
    HttpTokens: change.httpTokens,
    HttpPutResponseHopLimit: change.httpPutResponseHopLimit,
    HttpEndpoint: change.httpEndpoint,
    InstanceMetadataTags: change.instanceMetadataTags,
    HttpTokensEnforced: change.httpTokensEnforced,
    DryRun: dryRun || undefined,
  });
}

/** The real call; throws the SDK's error on failure. Returns AWS's request id. */
export async function modifyMetadataDefaults(
  ec2: EC2Client,
  change: MetadataDefaultsChange,
): Promise<{ requestId: string | null }> {
  const reply = await ec2.send(modifyCommand(change, false));
  return { requestId: reply.$metadata.requestId ?? null };
}

/** A DryRun of the change (see readDryRun). */
export function dryRunMetadataDefaults(ec2: EC2Client, change: MetadataDefaultsChange): Promise<DryRunResult> {
  return readDryRun(() => ec2.send(modifyCommand(change, true)));
}
