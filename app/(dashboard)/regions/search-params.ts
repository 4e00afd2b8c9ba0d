import { createLoader, parseAsNumberLiteral, parseAsString } from "nuqs/server";
import { OVERVIEW_RANGES } from "@/lib/contracts/overview-ranges";

// `/regions?account=111111111111&region=eu-west-1&days=30` selects a cell and its chart range.
export const regionsSearchParams = {
  account: parseAsString,
  region: parseAsString,
  days: parseAsNumberLiteral(OVERVIEW_RANGES).withDefault(90),
};

export const loadRegionsSearchParams = createLoader(regionsSearchParams);
