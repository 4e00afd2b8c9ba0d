/** An AWS call that failed, reduced to what the UI and the run outcome need. */
export interface AwsFailure {
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
}

interface SdkErrorShape {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function toAwsFailure(error: unknown): AwsFailure {
  if (error && typeof error === "object") {
    // safe because every field is checked before use
    const shape = error as SdkErrorShape;
    const code = typeof shape.Code === "string" ? shape.Code : typeof shape.name === "string" ? shape.name : "Error";
    return {
      code,
      message: typeof shape.message === "string" && shape.message ? shape.message : code,
      httpStatus: shape.$metadata?.httpStatusCode,
      requestId: shape.$metadata?.requestId,
    };
  }
  return { code: "Error", message: String(error) };
}

/** Errors that mean "this account-region is off limits", as opposed to a transient fault. */
export function isAccessError(code: string): boolean {
  return /^(UnauthorizedOperation|AccessDenied|AccessDeniedException|AuthFailure|OptInRequired|InvalidClientTokenId|UnrecognizedClientException)$/.test(code);
}

export type DryRunResult = { allowed: true } | { allowed: false; failure: AwsFailure };

/**
 * Reads a DryRun call's answer: AWS answers DryRunOperation when the call would have succeeded and
 * the real error (UnauthorizedOperation, OperationNotPermitted, ...) otherwise.
 */
export async function readDryRun(call: () => Promise<unknown>): Promise<DryRunResult> {
  try {
    await call();
  } catch (error) {
    const failure = toAwsFailure(error);
    if (failure.code === "DryRunOperation") return { allowed: true };
    return { allowed: false, failure };
  }
  // AWS never answers a DryRun with success; treat one as allowed rather than guess otherwise.
  return { allowed: true };
}
