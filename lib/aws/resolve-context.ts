import type { Env } from "@/lib/env";
import { awsContext, defaultCredentialsResolve, simulatorContext, type AwsContext } from "./context";

export interface ResolvedAws {
  ctx: AwsContext;
  /** Set when this process started its own simulator; closed on shutdown. */
  stopSimulator?: () => Promise<void>;
}

/**
 * AWS_MODE=aws uses the SDK's default credential chain (profile, SSO, env, instance role);
 * simulator uses SIMULATOR_ENDPOINT or starts one in this process; auto picks aws when
 * credentials resolve, else the simulator.
 */
export async function resolveAwsContext(config: Env): Promise<ResolvedAws> {
  const mode =
    config.AWS_MODE === "auto" ? ((await defaultCredentialsResolve()) ? "aws" : "simulator") : config.AWS_MODE;
  if (mode === "aws") return { ctx: awsContext(config.AWS_MAX_ATTEMPTS) };
  if (config.SIMULATOR_ENDPOINT) return { ctx: simulatorContext(config.SIMULATOR_ENDPOINT, config.AWS_MAX_ATTEMPTS) };

  const { startSimulator } = await import("@/lib/simulator/server");
  const simulator = await startSimulator({
    port: config.SIMULATOR_PORT,
    fleet: {
      seed: config.SIMULATOR_SEED,
      instances: config.SIMULATOR_INSTANCES,
      accounts: config.SIMULATOR_ACCOUNTS,
      regions: config.SIMULATOR_REGIONS,
    },
    knobs: { latencyMs: config.SIMULATOR_LATENCY_MS },
  });
  return { ctx: simulatorContext(simulator.url, config.AWS_MAX_ATTEMPTS), stopSimulator: () => simulator.close() };
}
