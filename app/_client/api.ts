// The browser's transport to the JSON API in app/api: one fetch wrapper and one error type. Dates stay
// ISO strings on the wire.

/** An error reply from the API (or the network), carrying the API's code and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The API's error details, e.g. the fresh preview of a 409. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = body.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (cause) {
    throw new ApiError("NetworkError", `Could not reach the server: ${String(cause)}`, 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(
        response.ok ? "BadResponse" : `HTTP${response.status}`,
        `${path} answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
  }
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, response.status, body.error.details);
    throw new ApiError(
      `HTTP${response.status}`,
      `${path} answered ${response.status} ${response.statusText}`,
      response.status,
    );
  }
  // safe because the API's route handlers are the single source of these shapes
  return body as T;
}

/** `?a=1&b=2` from the set values, in a stable order so keys and URLs agree. */
export function toQueryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A JSON POST body with its content type. */
export const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
