import { Alert } from "@/components/ui/alert";
import { ApiError } from "../../_lib/api-client";

/** An API failure as its error code and message, with an optional retry. */
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
