// STS over the query protocol (Version=2011-06-15). AssumeRole is stateless: the returned access
// key encodes the target account (ASIASIM0 + account id), the session token the role and session.
import { assumedAccessKeyId, encodeSessionToken } from "@/lib/simulator/auth";
import { SimError } from "@/lib/simulator/errors";
import { hash32, hex8 } from "@/lib/simulator/prng";
import { intParam } from "@/lib/simulator/query-params";
import { el, node } from "@/lib/simulator/xml";
import { queryError, queryReply, type CallContext, type Reply } from "./context";

export const STS_VERSION = "2011-06-15";
const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export const STS_OPERATIONS = ["GetCallerIdentity", "AssumeRole"] as const;

function reply(ctx: CallContext, op: string, result: string): Reply {
  return queryReply(NS, ctx.requestId, op, result);
}

function getCallerIdentity(ctx: CallContext): Reply {
  return reply(
    ctx,
    "GetCallerIdentity",
    el("Arn", ctx.caller.arn) + el("UserId", ctx.caller.userId) + el("Account", ctx.caller.account.id),
  );
}

function assumeRole(ctx: CallContext, params: URLSearchParams): Reply {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  if (!roleArn) throw new SimError("MissingParameter", "The request must contain the parameter RoleArn");
  if (!sessionName) throw new SimError("MissingParameter", "The request must contain the parameter RoleSessionName");
  const m = ROLE_ARN.exec(roleArn);
  if (!m?.[1] || !m[2]) {
    throw new SimError(
      "ValidationError",
      `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: the value must be an IAM role ARN`,
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw new SimError(
      "ValidationError",
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = intParam(params, "DurationSeconds") ?? 3600;
  if (duration < 900 || duration > 43200) {
    throw new SimError(
      "ValidationError",
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  const [, accountId, roleName] = m;
  const target = ctx.fleet.findAccount(accountId);
  if (!target || target.state !== "ACTIVE") {
    throw new SimError(
      "AccessDenied",
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const roleId = `AROA${hex8(hash32(Number(accountId.slice(0, 6)), Number(accountId.slice(6)), roleName.length)).toUpperCase()}SIM`;
  return reply(
    ctx,
    "AssumeRole",
    node(
      "Credentials",
      el("AccessKeyId", assumedAccessKeyId(accountId)) +
        el("SecretAccessKey", `simulator-secret-${accountId}`) +
        el("SessionToken", encodeSessionToken(accountId, roleName, sessionName)) +
        el("Expiration", new Date(ctx.now + duration * 1000).toISOString()),
    ) +
      node(
        "AssumedRoleUser",
        el("AssumedRoleId", `${roleId}:${sessionName}`) +
          el("Arn", `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`),
      ) +
      el("PackedPolicySize", 0),
  );
}

export function stsQuery(ctx: CallContext, action: string, params: URLSearchParams): Reply {
  if (action === "GetCallerIdentity") return getCallerIdentity(ctx);
  if (action === "AssumeRole") return assumeRole(ctx, params);
  throw new SimError(
    "InvalidAction",
    `The action ${action} is not valid for this web service (the simulator supports ${STS_OPERATIONS.join(", ")}).`,
  );
}

export function stsError(requestId: string, err: SimError): Reply {
  return queryError(NS, requestId, err);
}
