// Reading CloudWatch request members from either protocol: JSON values (numbers, epoch seconds)
// or query-protocol strings (ISO 8601 timestamps). Paths in messages follow AWS's wording.
import { SimError } from "@/lib/simulator/errors";

export function missing(path: string): SimError {
  return new SimError("MissingParameter", `The parameter ${path} is required.`);
}

export function invalid(path: string, why: string): SimError {
  return new SimError("InvalidParameterValue", `The parameter ${path} ${why}`);
}

export function asObject(v: unknown, path: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalid(path, "must be a structure.");
  // safe because it is a non-array object
  return v as Record<string, unknown>;
}

export function asList(v: unknown, path: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === "") return []; // query protocol's way of sending an empty list
  if (!Array.isArray(v)) throw invalid(path, "must be a list.");
  return v;
}

export function asString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(path, "must be a string.");
  return v;
}

export function asNumber(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw invalid(path, "must be a number.");
  return n;
}

export function asBoolean(v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw invalid(path, "must be true or false.");
}

/** Epoch seconds (JSON) or ISO 8601 / epoch seconds as text (query protocol) -> ms. */
export function asTimestamp(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v * 1000;
  if (typeof v === "string") {
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalid(path, "must be a timestamp.");
}
