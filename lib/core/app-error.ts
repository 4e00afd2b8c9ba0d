export type AppErrorCode =
  | "BadRequest"
  | "ValidationFailed"
  | "NotFound"
  | "Forbidden"
  | "CsrfRejected"
  | "Unauthorized"
  | "Unauthenticated"
  | "Conflict"
  | "Gone"
  | "TooManyRequests"
  | "AwsError"
  | "Internal";

const STATUS: Record<AppErrorCode, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Unauthenticated: 401,
  Forbidden: 403,
  CsrfRejected: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  TooManyRequests: 429,
  ValidationFailed: 422,
  AwsError: 502,
  Internal: 500,
};

/** The one error type business code throws; lib/http/route.ts maps it to a response. */
export class AppError extends Error {
  readonly status: number;
  readonly details?: unknown;
  /** Sent as Retry-After (seconds) with the response: when a 429 or 503 may be retried. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { status?: number; cause?: unknown; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.status = options.status ?? STATUS[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
