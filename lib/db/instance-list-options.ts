// The instance list's vocabulary, free of server imports so the page's URL parsers (which also run
// in the browser) share it with the API.

export const INSTANCE_SORTS = [
  "id",
  "name",
  "account",
  "region",
  "httpTokens",
  "readiness",
  "v1Calls7d",
  "v1Calls30d",
  "rejected7d",
  "launchTime",
] as const;
export type InstanceSort = (typeof INSTANCE_SORTS)[number];

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const HTTP_TOKENS = ["optional", "required"] as const;
export const INSTANCE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"] as const;
export const PAGE_SIZES = [50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
