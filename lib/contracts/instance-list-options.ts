// The instance list's vocabulary, free of server imports so the page's URL parsers (which also run
// in the browser) share it with the API.

export const INSTANCE_SORTS = [
  "action",
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

/** What to act on first: ready to switch, then blocked by IMDSv1 calls (most calls in 7 days first), then the rest. */
export const DEFAULT_INSTANCE_SORT = "action" satisfies InstanceSort;

/** Each sort as the page names it ("Sorted by: ..."). */
export const INSTANCE_SORT_LABELS: Record<InstanceSort, string> = {
  action: "action",
  id: "instance id",
  name: "Name",
  account: "account",
  region: "region",
  httpTokens: "HttpTokens",
  readiness: "readiness",
  v1Calls7d: "IMDSv1 calls, 7 days",
  v1Calls30d: "IMDSv1 calls, 30 days",
  rejected7d: "rejected calls, 7 days",
  launchTime: "launch time",
};

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const HTTP_TOKENS = ["optional", "required"] as const;
export const INSTANCE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"] as const;
export const PAGE_SIZES = [50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** What the default order means, for the page and shared reports. */
export const ACTION_SORT_EXPLAINED =
  "ready to switch, then blocked by IMDSv1 calls (most in 7 days first), then the rest";

/** "action first", "IMDSv1 calls, 7 days, descending": the order in words. */
export function describeInstanceSort(sort: InstanceSort, dir: SortDirection): string {
  if (sort === "action") return dir === "asc" ? "action first" : "action last";
  return `${INSTANCE_SORT_LABELS[sort]}, ${dir === "asc" ? "ascending" : "descending"}`;
}
