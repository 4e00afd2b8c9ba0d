// One HTTP port for every simulated service. A request is routed by x-amz-target (JSON
// protocols), then by the SigV4 credential scope's service, then by the form body's Version.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  parseCredentialScope,
  resolveCaller,
  SIMULATOR_ACCESS_KEY_ID,
  SIMULATOR_SECRET_ACCESS_KEY,
  type Caller,
} from "./auth";
import { SimError } from "./errors";
import { createFleet, Fleet, type FleetOptions } from "./fleet";
import {
  countCall,
  countError,
  defaultKnobs,
  emptyStats,
  resetStats,
  validateKnobs,
  type SimulatorKnobs,
  type SimulatorStats,
} from "./knobs";
import { mulberry32 } from "./prng";
import {
  CLOUDWATCH_TARGET_PREFIX,
  CLOUDWATCH_VERSION,
  cloudwatchJson,
  cloudwatchJsonError,
  cloudwatchQuery,
  cloudwatchQueryError,
  isCloudWatchOperation,
} from "./protocols/cloudwatch";
import { recordCall } from "./cloudtrail/events";
import { cloudtrailError, cloudtrailJson, cloudtrailOperation, LOOKUP_EVENTS_BUCKET } from "./protocols/cloudtrail";
import type { CallContext, Reply } from "./protocols/context";
import { EC2_ACTIONS, EC2_VERSION, ec2Bucket, ec2Error, ec2Reply } from "./protocols/ec2-query";
import { ORGANIZATIONS_TARGET_PREFIX, organizationsError, organizationsJson } from "./protocols/organizations";
import { STS_VERSION, stsError, stsQuery } from "./protocols/sts";
import { NOT_OPTED_IN_REGIONS } from "./regions";
import { TokenBuckets } from "./token-bucket";

export { SIMULATOR_ACCESS_KEY_ID, SIMULATOR_SECRET_ACCESS_KEY };
export type { SimulatorKnobs, SimulatorStats };

export interface StartSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  fleet?: FleetOptions | Fleet;
  knobs?: Partial<SimulatorKnobs>;
  /** The simulator's "now" (ms); also becomes the fleet's clock. */
  clock?: () => number;
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  fleet: Fleet;
  /** Mutable: changes apply to the next request. */
  knobs: SimulatorKnobs;
  stats: SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

type Service = "ec2" | "monitoring" | "sts" | "organizations" | "cloudtrail";

/** What the request is, before we know who sent it. */
interface Route {
  service: Service;
  protocol: "ec2" | "cw-json" | "cw-query" | "sts" | "orgs" | "cloudtrail";
  operation: string;
  params: URLSearchParams;
  json: Record<string, unknown>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SimError("RequestEntityTooLarge", "The request body is too large.", 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const SCOPE_SERVICES: Record<string, Service> = {
  ec2: "ec2",
  monitoring: "monitoring",
  sts: "sts",
  organizations: "organizations",
  cloudtrail: "cloudtrail",
};

/** A request that could not be routed, with the protocol its error must be written in. */
interface Unroutable {
  protocol: Route["protocol"] | "json";
  error: SimError;
}

function route(
  target: string | undefined,
  scopeService: string | undefined,
  body: string,
  query: URLSearchParams,
): Route | Unroutable {
  if (target) {
    const params = new URLSearchParams();
    const trailOperation = cloudtrailOperation(target);
    const known: Omit<Route, "json"> | null = target.startsWith(CLOUDWATCH_TARGET_PREFIX)
      ? { service: "monitoring", protocol: "cw-json", operation: target.slice(CLOUDWATCH_TARGET_PREFIX.length), params }
      : target.startsWith(ORGANIZATIONS_TARGET_PREFIX)
        ? {
            service: "organizations",
            protocol: "orgs",
            operation: target.slice(ORGANIZATIONS_TARGET_PREFIX.length),
            params,
          }
        : trailOperation !== null
          ? { service: "cloudtrail", protocol: "cloudtrail", operation: trailOperation, params }
          : null;
    // A JSON client reads the error code from `__type`: an EC2-style XML error would be unreadable.
    if (!known) {
      return {
        protocol: "json",
        error: new SimError("UnknownOperationException", `The simulator does not serve the target ${target}.`),
      };
    }
    let json: Record<string, unknown> = {};
    if (body.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        return {
          protocol: known.protocol,
          error: new SimError("SerializationException", "The request body is not a valid JSON object."),
        };
      }
      // safe because it is a non-array object
      json = parsed as Record<string, unknown>;
    }
    return { ...known, json };
  }
  const params = new URLSearchParams(body);
  for (const [k, v] of query) if (!k.startsWith("X-Amz-") && !params.has(k)) params.set(k, v);
  const operation = params.get("Action") ?? "";
  const version = params.get("Version");
  const service =
    (scopeService ? SCOPE_SERVICES[scopeService] : undefined) ??
    (version === EC2_VERSION
      ? "ec2"
      : version === CLOUDWATCH_VERSION
        ? "monitoring"
        : version === STS_VERSION
          ? "sts"
          : undefined);
  if (service === "ec2") return { service, protocol: "ec2", operation, params, json: {} };
  if (service === "monitoring") return { service, protocol: "cw-query", operation, params, json: {} };
  if (service === "sts") return { service, protocol: "sts", operation, params, json: {} };
  return {
    protocol: "ec2",
    error: new SimError(
      "UnknownService",
      `The simulator serves ec2, monitoring, sts, organizations and cloudtrail; this request names ${scopeService ?? version ?? "no service"}.`,
    ),
  };
}

/** awsJson error for a target no simulated service owns. */
function jsonError(err: SimError): Reply {
  return {
    status: err.status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

function renderError(protocol: Unroutable["protocol"] | undefined, requestId: string, err: SimError): Reply {
  switch (protocol) {
    case "ec2":
      return ec2Error(requestId, err);
    case "cw-json":
      return cloudwatchJsonError(err);
    case "cw-query":
      return cloudwatchQueryError(requestId, err);
    case "sts":
      return stsError(requestId, err);
    case "orgs":
      return organizationsError(err);
    case "cloudtrail":
      return cloudtrailError(err);
    case "json":
      return jsonError(err);
    default:
      return ec2Error(requestId, err);
  }
}

/** Auth failures read differently per service (EC2 says AuthFailure; JSON services add Exception). */
function authError(r: Route, code: "missing" | "invalid"): SimError {
  if (r.protocol === "ec2") {
    return code === "missing"
      ? new SimError("MissingAuthenticationToken", "Request is missing Authentication Token", 401)
      : new SimError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
  }
  const suffix = r.protocol === "orgs" || r.protocol === "cloudtrail" ? "Exception" : "";
  return code === "missing"
    ? new SimError(`MissingAuthenticationToken${suffix}`, "Request is missing Authentication Token", 403)
    : new SimError(`InvalidClientTokenId${suffix}`, "The security token included in the request is invalid.", 403);
}

/** The attempt number SDKs announce in `amz-sdk-request: attempt=2; max=3` (1 when absent). */
function sdkAttempt(req: IncomingMessage): number {
  const m = /attempt=(\d+)/.exec(headerValue(req, "amz-sdk-request") ?? "");
  return m?.[1] ? Number(m[1]) : 1;
}

/** Logs a served (so not DryRun, not refused) ModifyInstanceMetadataOptions for CloudTrail. */
function recordModifyCall(params: URLSearchParams, ctx: CallContext): void {
  const inst = ctx.fleet.findInstance(params.get("InstanceId") ?? "");
  if (!inst) return;
  const text = (name: string) => params.get(name) ?? undefined;
  const hop = params.get("HttpPutResponseHopLimit");
  recordCall(ctx.fleet, {
    instanceId: inst.instanceId,
    at: ctx.now,
    accessKeyId: ctx.caller.accessKeyId,
    principalArn: ctx.caller.arn,
    request: {
      HttpTokens: text("HttpTokens"),
      HttpPutResponseHopLimit: hop === null ? undefined : Number(hop),
      HttpEndpoint: text("HttpEndpoint"),
      HttpProtocolIpv6: text("HttpProtocolIpv6"),
      InstanceMetadataTags: text("InstanceMetadataTags"),
    },
    result: { ...inst.metadata },
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const fleet =
    opts.fleet instanceof Fleet
      ? opts.fleet
      : createFleet({ ...(opts.fleet ?? {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  if (opts.clock) fleet.clock = opts.clock;
  const knobs = defaultKnobs(opts.knobs);
  const stats = emptyStats();
  const buckets = new TokenBuckets();
  const random = mulberry32(fleet.seed ^ 0x5eed);

  /** EC2 and CloudWatch refusals driven by the knobs, in the order AWS would apply them. */
  function checkKnobs(r: Route, caller: Caller, region: string, attempt: number): void {
    const denied = knobs.denied.find(
      (d) =>
        d.accountId === caller.account.id &&
        d.region === region &&
        (d.operations === undefined || d.operations.includes(r.operation)),
    );
    if (denied) {
      const action = `${r.service === "ec2" ? "ec2" : "cloudwatch"}:${r.operation}`;
      if (r.service === "ec2") {
        throw new SimError(
          denied.code ?? "UnauthorizedOperation",
          `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ${action} in ${region}`,
          403,
        );
      }
      throw new SimError(
        "AccessDenied",
        `User: ${caller.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        403,
      );
    }
    if (r.service === "ec2" && knobs.tokenBuckets) {
      const bucket = ec2Bucket(r.operation, r.params);
      if (!buckets.take(`${caller.account.id}/${region}/${bucket.name}`, bucket.spec)) {
        throw new SimError("RequestLimitExceeded", "Request limit exceeded.", 503);
      }
    }
    // Random faults spare a call's third and later attempts (see SimulatorKnobs.throttleRate).
    const spared = (rate: number) => rate < 1 && attempt >= 3;
    if (knobs.throttleRate > 0 && !spared(knobs.throttleRate) && random() < knobs.throttleRate) {
      throw r.service === "ec2"
        ? new SimError("RequestLimitExceeded", "Request limit exceeded.", 503)
        : new SimError("Throttling", "Rate exceeded", 400);
    }
    if (knobs.serverErrorRate > 0 && !spared(knobs.serverErrorRate) && random() < knobs.serverErrorRate) {
      throw r.service === "ec2"
        ? new SimError("InternalError", "An internal error has occurred", 500)
        : new SimError("InternalServiceError", "Internal service error", 500);
    }
  }

  function dispatch(r: Route, ctx: CallContext): Reply {
    switch (r.protocol) {
      case "ec2": {
        const handler = EC2_ACTIONS[r.operation];
        if (!handler) {
          throw new SimError(
            "InvalidAction",
            `The action ${r.operation || "(none)"} is not valid for this web service.`,
          );
        }
        return ec2Reply(ctx.requestId, r.operation, handler(ctx, r.params));
      }
      case "cw-json":
        if (!isCloudWatchOperation(r.operation)) {
          throw new SimError(
            "UnknownOperationException",
            `The simulator does not implement CloudWatch ${r.operation}.`,
          );
        }
        return cloudwatchJson(ctx, r.operation, r.json);
      case "cw-query":
        if (!isCloudWatchOperation(r.operation)) {
          throw new SimError(
            "InvalidAction",
            `The action ${r.operation || "(none)"} is not valid for this web service.`,
          );
        }
        return cloudwatchQuery(ctx, r.operation, r.params);
      case "sts":
        return stsQuery(ctx, r.operation, r.params);
      case "orgs":
        return organizationsJson(ctx, r.operation, r.json);
      case "cloudtrail":
        return cloudtrailJson(ctx, r.operation, r.json);
    }
  }

  async function handle(req: IncomingMessage): Promise<Reply & { requestId: string }> {
    const requestId = randomUUID();
    let r: Route | undefined;
    let errorProtocol: Unroutable["protocol"] | undefined;
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://simulator.invalid");
      const scope = parseCredentialScope(headerValue(req, "authorization"), url.searchParams);
      const routed = route(headerValue(req, "x-amz-target"), scope?.service, body, url.searchParams);
      if ("error" in routed) {
        errorProtocol = routed.protocol;
        throw routed.error;
      }
      r = routed;
      if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
      if (!scope) {
        countCall(stats, r.service, r.operation);
        throw authError(r, "missing");
      }
      let caller: Caller;
      try {
        caller = resolveCaller(fleet, scope.accessKeyId, headerValue(req, "x-amz-security-token"));
      } catch (err) {
        countCall(stats, r.service, r.operation);
        throw err instanceof SimError ? authError(r, "invalid") : err;
      }
      countCall(stats, r.service, r.operation, `${caller.account.id}/${scope.region}`);
      if (NOT_OPTED_IN_REGIONS.includes(scope.region) && (r.service === "ec2" || r.service === "monitoring")) {
        throw authError(r, "invalid");
      }
      validateKnobs(knobs);
      fleet.metadataApplyDelayMs = knobs.metadataApplyDelayMs;
      if (r.service === "ec2" || r.service === "monitoring") checkKnobs(r, caller, scope.region, sdkAttempt(req));
      if (
        r.service === "cloudtrail" &&
        knobs.tokenBuckets &&
        !buckets.take(`${caller.account.id}/${scope.region}/cloudtrail:LookupEvents`, LOOKUP_EVENTS_BUCKET)
      ) {
        throw new SimError("ThrottlingException", "Rate exceeded", 400);
      }
      const ctx: CallContext = { fleet, requestId, region: scope.region, caller, now: fleet.clock(), stats };
      const reply = dispatch(r, ctx);
      if (r.protocol === "ec2" && r.operation === "ModifyInstanceMetadataOptions") recordModifyCall(r.params, ctx);
      return { ...reply, requestId };
    } catch (err) {
      const simErr =
        err instanceof SimError
          ? err
          : new SimError(r?.protocol === "ec2" ? "InternalError" : "InternalFailure", "Internal error", 500);
      if (!(err instanceof SimError)) console.error("[simulator] unexpected error", err);
      countError(stats, r?.service ?? "unknown", simErr.code);
      return { ...renderError(r?.protocol ?? errorProtocol, requestId, simErr), requestId };
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (reply) => {
        const body = Buffer.from(reply.body, "utf8");
        res.writeHead(reply.status, {
          ...reply.headers,
          "x-amzn-requestid": reply.requestId,
          "content-length": String(body.length),
          date: new Date().toUTCString(),
        });
        res.end(body);
      },
      (err: unknown) => {
        console.error("[simulator] failed to reply", err);
        res.destroy();
      },
    );
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // safe because a TCP server listening on a host/port reports an AddressInfo
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    fleet,
    knobs,
    stats,
    resetStats: () => {
      resetStats(stats);
      buckets.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
