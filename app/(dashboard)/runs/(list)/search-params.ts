import { createLoader, parseAsNumberLiteral } from "nuqs/server";

export const RUN_LIST_LIMITS = [20, 50, 100, 200] as const;

// `/runs?limit=100`: how many of the most recent runs to list (the API caps it at 200).
export const runsSearchParams = {
  limit: parseAsNumberLiteral(RUN_LIST_LIMITS).withDefault(50),
};

export const loadRunsSearchParams = createLoader(runsSearchParams);
