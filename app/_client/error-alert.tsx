"use client";

import { Alert } from "@/components/ui/alert";
import { ApiError } from "./api";

/** An API failure as the reader sees it: the API's code, its message, and a retry when useful. */
export function ErrorAlert({
  error,
  onRetry,
  retryLabel = "Try again",
}: {
  error: unknown;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  const code = error instanceof ApiError ? error.code : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      code={code}
      action={
        onRetry ? (
          <button type="button" className="link-button" onClick={onRetry}>
            {retryLabel}
          </button>
        ) : undefined
      }
    >
      {message}
    </Alert>
  );
}
