// Helpers over form-encoded query-protocol parameters (`Filter.1.Value.2=x`, `Dimensions.member.1.Name=y`).
import { SimError } from "./errors";

export function parseForm(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

/** Values of `Prefix.1`, `Prefix.2`, ... in index order (indexes need not be contiguous). */
export function listParam(params: URLSearchParams, prefix: string): string[] {
  const found: { i: number; v: string }[] = [];
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)$`);
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m?.[1]) found.push({ i: Number(m[1]), v });
  }
  return found.sort((a, b) => a.i - b.i).map((f) => f.v);
}

/** Indexes N present for keys `Prefix.N.<anything>`, sorted. */
export function listIndexes(params: URLSearchParams, prefix: string): number[] {
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)(\\.|$)`);
  const seen = new Set<number>();
  for (const k of params.keys()) {
    const m = re.exec(k);
    if (m?.[1]) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

export function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${raw}) for parameter ${name} is invalid. Expected an integer.`,
    );
  }
  return Number(raw);
}

export function boolParam(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw === null) return false;
  if (raw !== "true" && raw !== "false") {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${raw}) for parameter ${name} is invalid. Expected true or false.`,
    );
  }
  return raw === "true";
}

export function enumParam<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const found = allowed.find((a) => a === raw);
  if (found === undefined) {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${raw}) for parameter ${name} is invalid. Valid values: ${allowed.join(", ")}.`,
    );
  }
  return found;
}

/**
 * Turns query-protocol keys into nested objects: `A.member.2.B=x` -> { A: [ , { B: "x" }] }.
 * Lets CloudWatch's form-encoded requests reuse the JSON request validation.
 */
export function unflatten(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    let cur: Record<string, unknown> | unknown[] = root;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p] ?? "";
      const last = p === parts.length - 1;
      if (part === "member" && /^\d+$/.test(parts[p + 1] ?? "")) continue; // the list marker
      const isIndex = /^\d+$/.test(part) && Array.isArray(cur);
      const nextIsList = parts[p + 1] === "member";
      const slot: string | number = isIndex ? Number(part) - 1 : part;
      // safe because cur is an array when slot is a number and a record otherwise
      const container = cur as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
      } else {
        if (container[slot] === undefined || typeof container[slot] !== "object") {
          container[slot] = nextIsList ? [] : {};
        }
        // safe because we just stored an object or array at slot
        cur = container[slot] as Record<string, unknown> | unknown[];
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root)) out[k] = compactArrays(v);
  return out;
}

/** Drops holes left by 1-based or sparse indexes. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = compactArrays(v);
    return out;
  }
  return value;
}
