import type { z } from "zod";

// What a page's URL asks for that its API refuses. A page whose parsers quietly dropped such a
// value would show "All" while the link looks filtered; the page shows these problems instead,
// with a link that removes only the bad parameters. Pure: the page's server component and the
// API routes both call it, with the API's own zod schema.

/** One parameter (or one item of a comma list) of a URL that the API would refuse. */
export interface UrlProblem {
  /** The parameter, e.g. "httpTokens". */
  param: string;
  /** The refused value: the whole parameter, or one item of a comma list. */
  value: string;
  /** The item's position in the comma list, when only that item is refused. */
  index?: number;
  message: string;
}

/** A comma list as the APIs split it: trimmed items, empty ones dropped. */
export const listItems = (text: string): string[] =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");

/** Why a region is refused; the API puts the value in front (`"zz-fake-1" is not ...`). */
export const unknownRegionMessage = (known: readonly string[]): string =>
  known.length === 0
    ? "is not a region the dashboard has collected (none collected yet)"
    : `is not a region the dashboard has collected (known: ${known.join(", ")})`;

/** Positions of the regions in `values` that are not in `known`. */
export function unknownRegionIndexes(values: readonly string[], known: readonly string[]): number[] {
  const knownSet = new Set(known);
  return values.flatMap((value, index) => (knownSet.has(value) ? [] : [index]));
}

export interface UrlCheck {
  /** The parameters the page reads (its parsers' keys); any other parameter is ignored. */
  keys: readonly string[];
  /** Regions the dashboard knows; when given, a `region` outside them is a problem too. */
  knownRegions?: readonly string[];
}

/**
 * The problems of `search` under `schema` (the API's query schema): one per refused parameter or
 * list item, in URL order. An empty value means "all" and is never a problem.
 */
export function urlProblems(schema: z.ZodType, search: URLSearchParams, check: UrlCheck): UrlProblem[] {
  const problems: UrlProblem[] = [];
  const input: Record<string, string> = {};
  for (const key of check.keys) {
    const values = search.getAll(key).filter((value) => value.trim() !== "");
    if (values.length > 1) {
      problems.push({ param: key, value: values.join(" and "), message: "is given more than once; give it once" });
    } else if (values.length === 1) {
      input[key] = values[0]!;
    }
  }

  const seen = new Set<string>();
  const add = (problem: UrlProblem) => {
    const id = `${problem.param}/${problem.index ?? ""}`;
    if (seen.has(id) || seen.has(`${problem.param}/`)) return;
    seen.add(id);
    problems.push(problem);
  };
  const parsed = schema.safeParse(input);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [param, item] = issue.path;
    // A rule naming a parameter the URL does not give (e.g. "account and region select a cell
    // together") has no value to remove: the page shows the API's own 422 for it.
    if (typeof param !== "string" || !(param in input)) continue;
    const raw = input[param]!;
    if (typeof item === "number") {
      add({ param, value: listItems(raw)[item] ?? raw, index: item, message: issue.message });
    } else {
      add({ param, value: raw, message: issue.message });
    }
  }

  const region = input.region;
  if (check.knownRegions && region !== undefined && check.keys.includes("region") && !seen.has("region/")) {
    const items = listItems(region);
    for (const index of unknownRegionIndexes(items, check.knownRegions)) {
      // Already refused by the API's pattern: one message per value is enough.
      if (seen.has(`region/${index}`)) continue;
      add({
        param: "region",
        value: items[index]!,
        // One item is the whole parameter: no index, so it reads (and is removed) as such.
        ...(items.length > 1 ? { index } : {}),
        message: unknownRegionMessage(check.knownRegions),
      });
    }
  }
  const order = [...search.keys()];
  return problems.sort((a, b) => order.indexOf(a.param) - order.indexOf(b.param) || (a.index ?? 0) - (b.index ?? 0));
}

/**
 * `search` without the refused parameters: a list keeps its good items, a parameter with nothing
 * left goes, and so does the page cursor (it belonged to the old filters).
 */
export function withoutProblems(search: URLSearchParams, problems: readonly UrlProblem[]): URLSearchParams {
  const next = new URLSearchParams(search);
  if (problems.length === 0) return next;
  const badItems = new Map<string, Set<number> | "all">();
  for (const problem of problems) {
    const current = badItems.get(problem.param);
    if (problem.index === undefined || current === "all") badItems.set(problem.param, "all");
    else badItems.set(problem.param, (current ?? new Set<number>()).add(problem.index));
  }
  for (const [param, bad] of badItems) {
    const value = next.get(param);
    const kept = bad === "all" || value === null ? [] : listItems(value).filter((_item, index) => !bad.has(index));
    if (kept.length > 0) next.set(param, kept.join(","));
    else next.delete(param);
  }
  next.delete("cursor");
  return next;
}
