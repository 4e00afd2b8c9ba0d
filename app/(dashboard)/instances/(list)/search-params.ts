import {
  createLoader,
  parseAsArrayOf,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import {
  DEFAULT_INSTANCE_SORT,
  HTTP_TOKENS,
  INSTANCE_SORTS,
  INSTANCE_STATES,
  PAGE_SIZES,
  SORT_DIRECTIONS,
} from "@/lib/contracts/instance-list-options";
import { READINESS } from "@/lib/domain/readiness";

// The instances page's URL contract, the same parameters /api/instances takes: any view is a link.
// Lists are comma-separated. A value the API refuses never reaches these parsers: the page shows
// the problem instead (components/ui/url-problems.tsx).
export const instancesSearchParams = {
  q: parseAsString.withDefault(""),
  account: parseAsArrayOf(parseAsString).withDefault([]),
  region: parseAsArrayOf(parseAsString).withDefault([]),
  httpTokens: parseAsArrayOf(parseAsStringLiteral(HTTP_TOKENS)).withDefault([]),
  readiness: parseAsArrayOf(parseAsStringLiteral(READINESS)).withDefault([]),
  state: parseAsArrayOf(parseAsStringLiteral(INSTANCE_STATES)).withDefault([]),
  team: parseAsArrayOf(parseAsString).withDefault([]),
  sort: parseAsStringLiteral(INSTANCE_SORTS).withDefault(DEFAULT_INSTANCE_SORT),
  dir: parseAsStringLiteral(SORT_DIRECTIONS).withDefault("asc"),
  limit: parseAsNumberLiteral(PAGE_SIZES).withDefault(50),
  cursor: parseAsString,
};

export type InstancesView = inferParserType<typeof instancesSearchParams>;

export const loadInstancesSearchParams = createLoader(instancesSearchParams);

export const FILTER_KEYS = ["q", "account", "region", "httpTokens", "readiness", "state", "team"] as const;

/** The filters as API query text (no paging): also the export link. */
export function filterQuery(view: InstancesView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.q.trim()) query.set("q", view.q.trim());
  for (const key of ["account", "region", "httpTokens", "readiness", "state", "team"] as const) {
    if (view[key].length > 0) query.set(key, view[key].join(","));
  }
  return query;
}

/** /api/instances query text for the view, in a fixed order: also the react-query key. */
export function listQuery(view: InstancesView): string {
  const query = filterQuery(view);
  query.set("sort", view.sort);
  query.set("dir", view.dir);
  query.set("limit", String(view.limit));
  if (view.cursor) query.set("cursor", view.cursor);
  return query.toString();
}

export function hasFilters(view: InstancesView): boolean {
  return filterQuery(view).size > 0;
}
