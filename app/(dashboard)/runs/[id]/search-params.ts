import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { UNIT_STATUSES } from "@/lib/domain/collection-run";

// `/runs/12?status=failed` filters the run's account-region outcomes; unset means "all" (the page
// shows an unknown value as a problem).
export const runSearchParams = {
  status: parseAsStringLiteral(UNIT_STATUSES),
};

export const loadRunSearchParams = createLoader(runSearchParams);
