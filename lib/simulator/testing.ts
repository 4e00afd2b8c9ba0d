// Helpers for the simulator's own tests: a fixed clock and SDK client settings for a simulator.
import { SIMULATOR_ACCESS_KEY_ID, SIMULATOR_SECRET_ACCESS_KEY, type RunningSimulator } from "./server";

/** A fixed "now" for deterministic tests: 2026-11-22 12:00 UTC. */
export const TEST_NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const BASE_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: SIMULATOR_ACCESS_KEY_ID,
  secretAccessKey: SIMULATOR_SECRET_ACCESS_KEY,
};

export interface ClientSettings {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
  maxAttempts: number;
}

/** Settings for any v3 client; maxAttempts 1 unless a test exercises retries. */
export function clientSettings(
  sim: RunningSimulator,
  region = "us-east-1",
  credentials: AwsCredentialIdentity = BASE_CREDENTIALS,
  maxAttempts = 1,
): ClientSettings {
  return { endpoint: sim.url, region, credentials, maxAttempts };
}

/** Credentials that land in `accountId` (what AssumeRole would return for it). */
export function accountCredentials(accountId: string): AwsCredentialIdentity {
  return { accessKeyId: `ASIASIM0${accountId}`, secretAccessKey: "simulator", sessionToken: "test" };
}

/** A clock tests can move. */
export function manualClock(start = TEST_NOW): {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
} {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

/** Runs fn and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(
  fn: () => Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number }; Code?: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}
