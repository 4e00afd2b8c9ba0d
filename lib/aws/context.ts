import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";

export type AwsMode = "aws" | "simulator";

/** Everything needed to build SDK clients, for real AWS or the simulator (same code path). */
export interface AwsContext {
  mode: AwsMode;
  /** Set in simulator mode: every service is served from this one URL. */
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  /** Region used for global calls (STS, Organizations). */
  homeRegion: string;
}

/** Credentials for one account: the caller's own, or a role assumed in a member account. */
export interface AccountAccess {
  accountId: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export function simulatorContext(endpoint: string, maxAttempts: number): AwsContext {
  return {
    mode: "simulator",
    endpoint,
    // The simulator maps this key to its management account (see lib/simulator).
    credentials: { accessKeyId: "AKIASIMULATOR0000000", secretAccessKey: "simulator" },
    maxAttempts,
    homeRegion: "us-east-1",
  };
}

export function awsContext(maxAttempts: number): AwsContext {
  return {
    mode: "aws",
    credentials: fromNodeProviderChain({ timeout: 2000, maxRetries: 1 }),
    maxAttempts,
    homeRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
  };
}

/** True when the SDK's default credential chain yields credentials (auto mode's test for real AWS). */
export async function defaultCredentialsResolve(): Promise<boolean> {
  try {
    const credentials = await fromNodeProviderChain({ timeout: 1000, maxRetries: 0 })();
    return Boolean(credentials.accessKeyId);
  } catch {
    // No profile, env keys, SSO session or instance role: auto mode falls back to the simulator.
    return false;
  }
}

function baseConfig(ctx: AwsContext, region: string, credentials: AccountAccess["credentials"]) {
  return {
    region,
    credentials,
    maxAttempts: ctx.maxAttempts,
    retryMode: "adaptive" as const,
    ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
  };
}

/** Counts logical API calls (not retries) by "Service.Operation", for run records and benchmarks. */
export type CallCounter = (operation: string) => void;

interface CountableClient {
  middlewareStack: {
    add: (middleware: never, options: { step: "initialize"; name: string }) => void;
    remove: (name: string) => boolean;
  };
}

/**
 * Adds the call counter and drops the SDK's logger middleware: with no logger configured it still
 * redacts every response for a log line nobody reads (~7% of collector CPU at 100k instances).
 */
function counted<T extends CountableClient>(client: T, service: string, counter?: CallCounter): T {
  client.middlewareStack.remove("loggerMiddleware");
  if (!counter) return client;
  const middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
    counter(`${service}.${(context.commandName ?? "Unknown").replace(/Command$/, "")}`);
    return next(args);
  };
  // safe because the SDK calls initialize middleware with exactly (next, context)
  client.middlewareStack.add(middleware as never, { step: "initialize", name: "imdsCallCounter" });
  return client;
}

export function ec2Client(ctx: AwsContext, access: AccountAccess, region: string, counter?: CallCounter): EC2Client {
  return counted(new EC2Client(baseConfig(ctx, region, access.credentials)), "EC2", counter);
}

export function cloudWatchClient(
  ctx: AwsContext,
  access: AccountAccess,
  region: string,
  counter?: CallCounter,
): CloudWatchClient {
  return counted(new CloudWatchClient(baseConfig(ctx, region, access.credentials)), "CloudWatch", counter);
}

export function cloudTrailClient(
  ctx: AwsContext,
  access: AccountAccess,
  region: string,
  counter?: CallCounter,
): CloudTrailClient {
  return counted(new CloudTrailClient(baseConfig(ctx, region, access.credentials)), "CloudTrail", counter);
}

export function stsClient(ctx: AwsContext): STSClient {
  return new STSClient(baseConfig(ctx, ctx.homeRegion, ctx.credentials));
}

export function organizationsClient(ctx: AwsContext): OrganizationsClient {
  return new OrganizationsClient(baseConfig(ctx, ctx.homeRegion, ctx.credentials));
}

/** Credentials for a member account via sts:AssumeRole, refreshed by the SDK before they expire. */
export function assumedRoleAccess(ctx: AwsContext, accountId: string, roleName: string): AccountAccess {
  return {
    accountId,
    credentials: fromTemporaryCredentials({
      masterCredentials: ctx.credentials,
      params: {
        RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        RoleSessionName: "imds-dashboard",
        DurationSeconds: 3600,
      },
      clientConfig: {
        region: ctx.homeRegion,
        maxAttempts: ctx.maxAttempts,
        ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
      },
    }),
  };
}
