import { createLoader, parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { UNIT_STATUSES } from "@/components/collection/types";

// The overview's URL contract: `?status=failed` filters the outcomes table, `?run=12` shows an
// older run instead of the latest. Unknown values fall back to "not set".
export const overviewSearchParams = {
  status: parseAsStringLiteral(UNIT_STATUSES),
  run: parseAsInteger,
};

export const loadOverviewSearchParams = createLoader(overviewSearchParams);
