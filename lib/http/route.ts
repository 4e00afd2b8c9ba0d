import { z } from "zod";
import { ConfigError } from "@/lib/env";
import { toAwsFailure } from "@/lib/aws/errors";
import { getActor, type Actor } from "./actor";
import { AppError } from "./app-error";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function errorResponse(status: number, code: string, message: string, details?: unknown): Response {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return Response.json(body, { status });
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
    return errorResponse(error.status, error.code, error.message, error.details);
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

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BadRequest", "Request body is not valid JSON");
  }
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
