// Who is calling: the SigV4 credential scope names region and service; the access key names the
// account. No signature is verified: the simulator only needs to know where a call lands.
import { SimError } from "./errors";
import type { Fleet } from "./fleet";
import type { AccountRecord } from "./types";

export const SIMULATOR_ACCESS_KEY_ID = "AKIASIMULATOR0000000";
export const SIMULATOR_SECRET_ACCESS_KEY = "simulator/secret/key/0000000000000000000";

/** Temporary keys from AssumeRole carry the target account: ASIASIM0 + 12 digits (20 chars). */
const ASSUMED_KEY = /^ASIASIM0?(\d{12})$/;

export function assumedAccessKeyId(accountId: string): string {
  return `ASIASIM0${accountId}`;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** Reads `Credential=AKID/date/region/service/aws4_request` from the header or presigned query. */
export function parseCredentialScope(
  authorization: string | undefined,
  query: URLSearchParams,
): CredentialScope | null {
  let credential: string | null = null;
  if (authorization) {
    const m = /Credential=([^,\s]+)/.exec(authorization);
    credential = m?.[1] ?? null;
  } else {
    credential = query.get("X-Amz-Credential");
  }
  if (!credential) return null;
  const [accessKeyId, date, region, service, terminator] = credential.split("/");
  if (!accessKeyId || !date || !region || !service || terminator !== "aws4_request") return null;
  return { accessKeyId, date, region, service };
}

export interface Caller {
  account: AccountRecord;
  accessKeyId: string;
  /** The principal as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
}

/**
 * The base key (and any unknown key, to keep the CLI easy) is the management account; an
 * ASIASIM key is a role session in the account it encodes, which must be active in the org.
 */
export function resolveCaller(fleet: Fleet, accessKeyId: string, sessionToken: string | undefined): Caller {
  const m = ASSUMED_KEY.exec(accessKeyId);
  if (!m?.[1]) {
    const account = fleet.managementAccount;
    return {
      account,
      accessKeyId,
      arn: `arn:aws:iam::${account.id}:user/simulator`,
      userId: "AIDASIMULATOR0000000",
    };
  }
  const account = fleet.findAccount(m[1]);
  if (!account || account.state !== "ACTIVE") {
    throw new SimError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
  }
  const session = decodeSessionToken(sessionToken);
  const role = session?.role ?? "OrganizationAccountAccessRole";
  const sessionName = session?.session ?? "simulator";
  return {
    account,
    accessKeyId,
    arn: `arn:aws:sts::${account.id}:assumed-role/${role}/${sessionName}`,
    userId: `AROASIM${account.id}:${sessionName}`,
  };
}

/** The session token records role and session name, so identity survives without server state. */
export function encodeSessionToken(accountId: string, role: string, session: string): string {
  return "SIMSESSION" + Buffer.from(JSON.stringify({ a: accountId, role, session })).toString("base64url");
}

function decodeSessionToken(token: string | undefined): { role: string; session: string } | null {
  if (!token?.startsWith("SIMSESSION")) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(10), "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "role" in parsed && "session" in parsed) {
      const { role, session } = parsed;
      if (typeof role === "string" && typeof session === "string") return { role, session };
    }
  } catch {
    // a foreign token simply carries no role name
  }
  return null;
}
