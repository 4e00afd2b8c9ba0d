// EC2 `Filter.N.Name` / `Filter.N.Value.M` parsing and matching (values OR, filters AND).
import { SimError } from "@/lib/simulator/errors";
import { listIndexes, listParam } from "@/lib/simulator/query-params";

export interface Filter {
  name: string;
  values: string[];
}

export function parseFilters(params: URLSearchParams): Filter[] {
  return listIndexes(params, "Filter").map((i) => {
    const name = params.get(`Filter.${i}.Name`);
    if (!name) throw new SimError("InvalidParameterValue", `The filter Filter.${i} has no Name.`);
    return { name, values: listParam(params, `Filter.${i}.Value`) };
  });
}

const globCache = new Map<string, RegExp>();

/** EC2 filter values accept `*` (any run) and `?` (one character). */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "s");
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re.test(value);
}

export function anyMatch(patterns: readonly string[], value: string | undefined): boolean {
  if (value === undefined) return false;
  for (const p of patterns) if (globMatch(p, value)) return true;
  return false;
}

export function invalidFilter(name: string): SimError {
  return new SimError("InvalidParameterValue", `The filter '${name}' is invalid`);
}

/** Fingerprint of a request's filters, so a page token cannot be replayed on another query. */
export function filtersKey(filters: readonly Filter[]): string {
  return JSON.stringify(filters.map((f) => [f.name, f.values]));
}
