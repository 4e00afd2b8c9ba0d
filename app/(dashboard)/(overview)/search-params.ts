import { createLoader, parseAsNumberLiteral, parseAsString } from "nuqs/server";
import { OVERVIEW_RANGES } from "@/lib/contracts/overview-ranges";

// The overview's URL contract: `?account=&region=&team=&days=30`. Unset means "all"; a value the
// API refuses (422) is shown as a problem by the page (components/ui/url-problems.tsx).
export const overviewSearchParams = {
  account: parseAsString,
  region: parseAsString,
  team: parseAsString,
  days: parseAsNumberLiteral(OVERVIEW_RANGES).withDefault(90),
};

export const loadOverviewSearchParams = createLoader(overviewSearchParams);
