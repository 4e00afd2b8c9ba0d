// Running Debian's official AWS clients (AWS CLI, boto3) against a started simulator, for tests.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const AWS = "/usr/bin/aws";
export const PYTHON = "/usr/bin/python3";
const INSTALL_HINT = "install with: apt-get install -y awscli python3-boto3";

function clientsReady(): boolean {
  if (!existsSync(AWS) || !existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import boto3"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Waits while apt/dpkg may still be installing them, then fails (never skips) when missing. */
export async function requireOfficialClients(): Promise<void> {
  for (let waited = 0; waited <= 90_000; waited += 5_000) {
    if (clientsReady()) return;
    let installing = false;
    try {
      execFileSync("pgrep", ["-x", "dpkg|apt-get|apt"], { stdio: "ignore" });
      installing = true;
    } catch {
      installing = false;
    }
    if (!installing) break;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  throw new Error(`${AWS} or boto3 for ${PYTHON} is missing: ${INSTALL_HINT}`);
}

/** A clean environment: no profile, no metadata lookups, credentials of `accountId` (else the management account). */
export function officialClientEnv(home: string, region: string, accountId?: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "test",
    PATH: "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: accountId ? `ASIASIM0${accountId}` : "AKIASIMULATOR0000000",
    AWS_SECRET_ACCESS_KEY: "simulator",
    ...(accountId ? { AWS_SESSION_TOKEN: "cli-session" } : {}),
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
  };
}
