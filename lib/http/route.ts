import { z } from "zod";
import { findUnsafeText } from "@/lib/contracts/text";
import { ConfigError, env } from "@/lib/env";
import { toAwsFailure } from "@/lib/aws/errors";
import { requireRole, type Actor } from "@/lib/core/actor";
import { getActor } from "./actor";
import { AppError } from "@/lib/core/app-error";
import { isExpectedOrigin, originPolicy } from "./origin-policy";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function errorResponse(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return Response.json(body, { status, headers });
}

/** zod issues as `regions[2]: "us-east-7" is not an enabled region`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (text, part) =>
          typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
        "",
      );
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** The single map from thrown errors to HTTP responses; causes are logged, never sent. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    if (error.status >= 500) console.error(error);
    const headers =
      error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
    return errorResponse(error.status, error.code, error.message, error.details, headers);
  }
  if (error instanceof z.ZodError) return errorResponse(422, "ValidationFailed", formatIssues(error));
  if (error instanceof ConfigError) {
    console.error(error.message);
    return errorResponse(500, "ConfigInvalid", error.message);
  }
  if (error && typeof error === "object" && "$metadata" in error) {
    const failure = toAwsFailure(error);
    return errorResponse(502, failure.code, `AWS error ${failure.code}: ${failure.message}`);
  }
  console.error(error);
  return errorResponse(500, "Internal", "Something went wrong on the server; the cause is in its log");
}

/** The request's JSON body ({} when empty); 400 when it is not JSON, 422 when text cannot be stored. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BadRequest", "Request body is not valid JSON");
  }
  const unsafe = findUnsafeText(body);
  if (unsafe) throw new AppError("ValidationFailed", `${unsafe.path}: ${unsafe.problem}`);
  return body;
}

type Handler<P> = (request: Request, context: { params: P; actor: Actor }) => Promise<Response>;
type PublicHandler<P> = (request: Request, context: { params: P }) => Promise<Response>;

/**
 * Wraps a route handler: resolves the caller (401 when sign-in is on and there is no session; the
 * local admin in local mode) and Next's async params, and maps every error in one place.
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await getActor(request);
      return await handler(request, { params: await context.params, actor });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** A route anyone may call, signed in or not (sign-in itself): errors mapped as in route(). */
export function publicRoute<P = Record<string, never>>(handler: PublicHandler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler(request, { params: await context.params });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a cross-site request to a mutating method: the Origin header must be one of this
 * dashboard's origins (lib/http/origin-policy.ts: never the request's own Host, which a DNS
 * rebinding page chooses), or, when a client sends no Origin, Sec-Fetch-Site must say same-origin.
 */
export function assertSameOrigin(request: Request): void {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return;
  const policy = originPolicy(env());
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (isExpectedOrigin(origin, policy)) return;
    throw new AppError(
      "CsrfRejected",
      `Cross-site request refused: Origin ${origin.slice(0, 200)} is not this dashboard (${[...policy.origins].join(", ")}). Changes can only be made from the dashboard itself.`,
    );
  }
  if (request.headers.get("sec-fetch-site") === "same-origin") return;
  throw new AppError(
    "CsrfRejected",
    "Cross-site request refused: the request has no Origin header and is not marked Sec-Fetch-Site: same-origin. Changes can only be made from the dashboard itself.",
  );
}

type MutationHandler<P> = (request: Request, context: { params: P; actor: Actor }) => Promise<Response>;

/**
 * The one wrapper for routes that change anything: refuses cross-site requests (CsrfRejected,
 * 403), resolves the actor and requires operator or admin (Forbidden, 403), then runs the handler
 * with the actor. Errors map like route().
 */
export function mutation<P = Record<string, never>>(handler: MutationHandler<P>) {
  // route() has resolved the caller (401 without a session when sign-in is on).
  return route<P>(async (request, context) => {
    assertSameOrigin(request);
    requireRole(context.actor, "operator");
    return handler(request, context);
  });
}
