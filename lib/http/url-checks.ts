import { z } from "zod";
import {
  listItems,
  unknownRegionIndexes,
  unknownRegionMessage,
  urlProblems,
  type UrlProblem,
} from "@/lib/contracts/url-problems";
import { listRegionNames } from "@/lib/db/write/regions";
import { cachedRead, getAppContext, type AppContext } from "@/lib/app-context";
import { readKey } from "@/lib/core/read-cache";

// Region filters name a region the dashboard has collected: the API answers 422 otherwise, and a
// page whose URL does so shows the problem (lib/contracts/url-problems) rather than an empty or
// unfiltered view.

/** The collected region names, read once per data version. */
export function knownRegions(app: AppContext): Promise<string[]> {
  return cachedRead(app, readKey("known-regions"), (r) => listRegionNames(r.db.raw));
}

/** Throws a 422 (`region[1]: "zz-fake-1" is not a region ...`) for a region filter outside the known ones. */
export async function requireKnownRegions(
  app: AppContext,
  region: string | readonly string[] | null | undefined,
): Promise<void> {
  const values = region === null || region === undefined ? [] : typeof region === "string" ? [region] : region;
  if (values.length === 0) return;
  const known = await knownRegions(app);
  const unknown = unknownRegionIndexes(values, known);
  if (unknown.length === 0) return;
  throw new z.ZodError(
    unknown.map((index) => ({
      code: "custom" as const,
      path: typeof region === "string" ? ["region"] : ["region", index],
      message: `"${values[index]}" ${unknownRegionMessage(known)}`,
      input: values[index],
    })),
  );
}

type PageSearchParams = Record<string, string | string[] | undefined>;

/** Next's search params object as URLSearchParams, repeated parameters kept. */
export function toUrlSearchParams(searchParams: PageSearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of typeof value === "string" ? [value] : (value ?? [])) search.append(key, item);
  }
  return search;
}

/**
 * What a page's URL asks for that its API would refuse: `schema` is the API's query schema (or the
 * page's own, where it has no API), `keys` the parameters the page reads, `regions` whether
 * `region` must name a collected region.
 */
export async function findUrlProblems(
  schema: z.ZodType,
  searchParams: PageSearchParams,
  check: { keys: readonly string[]; regions?: boolean },
): Promise<UrlProblem[]> {
  const search = toUrlSearchParams(searchParams);
  const needsRegions = check.regions === true && search.getAll("region").some((value) => listItems(value).length > 0);
  const known = needsRegions ? await knownRegions(await getAppContext()) : undefined;
  return urlProblems(schema, search, { keys: check.keys, ...(known ? { knownRegions: known } : {}) });
}
