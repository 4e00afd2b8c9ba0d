import { z } from "zod";
import { READINESS } from "@/lib/domain/readiness";
import type { InstanceListFilters } from "@/lib/db/read/instance-list";
import {
  DEFAULT_INSTANCE_SORT,
  HTTP_TOKENS,
  INSTANCE_SORTS,
  INSTANCE_STATES,
  PAGE_SIZES,
  SORT_DIRECTIONS,
} from "@/lib/contracts/instance-list-options";

// The URL contract of /api/instances and /api/instances/export, the same one the page keeps in
// its own URL: comma-separated lists, every value checked so a 422 names the bad parameter.

/** One of a fixed list; the 422 names the choices. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

const commaList = <Out extends string>(item: z.ZodType<Out, string>) =>
  z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== ""),
    )
    .pipe(z.array(item));

export const InstanceFiltersQuery = z.object({
  q: z.string().max(200, { error: "must be at most 200 characters" }).optional(),
  account: commaList(z.string().regex(/^\d{12}$/, { error: "must be 12-digit AWS account ids" })).optional(),
  region: commaList(
    z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "must be region names like us-east-1" }),
  ).optional(),
  httpTokens: commaList(oneOf(HTTP_TOKENS)).optional(),
  readiness: commaList(oneOf(READINESS)).optional(),
  state: commaList(oneOf(INSTANCE_STATES)).optional(),
  team: commaList(z.string().max(256)).optional(),
});
export type InstanceFiltersQuery = z.infer<typeof InstanceFiltersQuery>;

export const InstanceListQuery = InstanceFiltersQuery.extend({
  sort: oneOf(INSTANCE_SORTS).default(DEFAULT_INSTANCE_SORT),
  dir: oneOf(SORT_DIRECTIONS).default("asc"),
  limit: z.coerce
    .number()
    .refine((value) => (PAGE_SIZES as readonly number[]).includes(value), { error: "must be 50, 100 or 200" })
    .default(50),
  cursor: z.string().max(2000).optional(),
});
export type InstanceListQuery = z.infer<typeof InstanceListQuery>;

export function toFilters(query: InstanceFiltersQuery): InstanceListFilters {
  return {
    q: query.q ?? null,
    accountIds: query.account,
    regions: query.region,
    httpTokens: query.httpTokens,
    readiness: query.readiness,
    states: query.state,
    teams: query.team,
  };
}

/** Search params as one object; a repeated parameter is refused rather than silently dropped. */
export function searchParamsObject(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const object: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in object) {
      throw new z.ZodError([
        { code: "custom", path: [key], message: "is given twice; separate several values with commas", input: value },
      ]);
    }
    object[key] = value;
  }
  return object;
}

const FILTER_NAMES = [
  ["q", "Search"],
  ["account", "Account"],
  ["region", "Region"],
  ["httpTokens", "HttpTokens"],
  ["readiness", "Readiness"],
  ["state", "State"],
  ["team", "Team"],
] as const satisfies readonly (readonly [keyof InstanceFiltersQuery, string])[];

/** The filters that are set, in a fixed order: [parameter, label, values]. */
export function activeFilters(query: InstanceFiltersQuery): { key: string; label: string; values: string[] }[] {
  return FILTER_NAMES.flatMap(([key, label]) => {
    const value = key === "q" ? query.q?.trim() || undefined : query[key];
    const values = typeof value === "string" ? [value] : (value ?? []);
    return values.length > 0 ? [{ key, label, values }] : [];
  });
}

/** `instances-httpTokens-optional-region-us-east-1.csv`: the filters, in a name any file system takes. */
export function exportFilename(query: InstanceFiltersQuery): string {
  const parts = activeFilters(query).flatMap((filter) => [filter.key, ...filter.values]);
  const slug = parts
    .join("-")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 150);
  return `instances-${slug || "all"}.csv`;
}
