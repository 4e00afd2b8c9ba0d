import { createLoader, parseAsNumberLiteral, parseAsString } from "nuqs/server";
import { OVERVIEW_RANGES } from "@/lib/db/overview-ranges";

// The overview's URL contract: `?account=&region=&team=&days=30`. Unset means "all"; an unknown
// range falls back to 90 days (the API itself answers 422 for a bad value).
export const overviewSearchParams = {
  account: parseAsString,
  region: parseAsString,
  team: parseAsString,
  days: parseAsNumberLiteral(OVERVIEW_RANGES).withDefault(90),
};

export const loadOverviewSearchParams = createLoader(overviewSearchParams);
