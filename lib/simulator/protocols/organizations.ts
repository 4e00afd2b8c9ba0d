// Organizations over awsJson1_1 (x-amz-target AWSOrganizationsV20161128.<Op>).
import { SimError } from "@/lib/simulator/errors";
import { hash32 } from "@/lib/simulator/prng";
import type { AccountRecord } from "@/lib/simulator/types";
import type { CallContext, Reply } from "./context";
import { decodePageToken, encodePageToken } from "@/lib/simulator/paging";

export const ORGANIZATIONS_TARGET_PREFIX = "AWSOrganizationsV20161128.";
const JSON_HEADERS = { "content-type": "application/x-amz-json-1.1" } as const;

function orgId(ctx: CallContext): string {
  return `o-${hash32(ctx.fleet.seed, 0x0e9).toString(36).padStart(10, "0").slice(0, 10)}`;
}

function accountJson(ctx: CallContext, a: AccountRecord): Record<string, unknown> {
  const management = ctx.fleet.managementAccount.id;
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::${management}:account/${orgId(ctx)}/${a.id}`,
    Email: a.email,
    Name: a.name,
    State: a.state,
    // Retired field, still sent so clients that predate State (AWS CLI 2.9) see the status.
    Status: a.state,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: a.joinedTimestamp / 1000,
  };
}

function requireManagement(ctx: CallContext): void {
  if (!ctx.caller.account.isManagement) {
    throw new SimError(
      "AccessDeniedException",
      "You don't have permissions to access this resource. Only the management account (or a delegated administrator) can call this operation.",
    );
  }
}

function listAccounts(ctx: CallContext, body: Record<string, unknown>): unknown {
  requireManagement(ctx);
  const max = body.MaxResults;
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 20)) {
    throw new SimError("InvalidInputException", "MaxResults must be an integer between 1 and 20.");
  }
  const pageSize = typeof max === "number" ? max : 20;
  const token = body.NextToken;
  if (token !== undefined && typeof token !== "string")
    throw new SimError("InvalidInputException", "NextToken must be a string.");
  let start = 0;
  try {
    start = token ? decodePageToken(token, "ListAccounts") : 0;
  } catch {
    throw new SimError("InvalidInputException", "The NextToken is invalid.");
  }
  const accounts = ctx.fleet.accounts;
  const end = Math.min(accounts.length, start + pageSize);
  return {
    Accounts: accounts.slice(start, end).map((a) => accountJson(ctx, a)),
    ...(end < accounts.length ? { NextToken: encodePageToken(end, "ListAccounts") } : {}),
  };
}

function describeOrganization(ctx: CallContext): unknown {
  const management = ctx.fleet.managementAccount;
  return {
    Organization: {
      Id: orgId(ctx),
      Arn: `arn:aws:organizations::${management.id}:organization/${orgId(ctx)}`,
      FeatureSet: "ALL",
      MasterAccountArn: `arn:aws:organizations::${management.id}:account/${orgId(ctx)}/${management.id}`,
      MasterAccountId: management.id,
      MasterAccountEmail: management.email,
    },
  };
}

export function organizationsJson(ctx: CallContext, op: string, body: Record<string, unknown>): Reply {
  let payload: unknown;
  if (op === "ListAccounts") payload = listAccounts(ctx, body);
  else if (op === "DescribeOrganization") payload = describeOrganization(ctx);
  else throw new SimError("UnknownOperationException", `The simulator does not implement Organizations ${op}.`);
  return { status: 200, headers: { ...JSON_HEADERS }, body: JSON.stringify(payload) };
}

export function organizationsError(err: SimError): Reply {
  return {
    status: err.status,
    headers: { ...JSON_HEADERS, "x-amzn-errortype": err.code },
    body: JSON.stringify({ __type: err.code, Message: err.message }),
  };
}
