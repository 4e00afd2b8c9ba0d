import { z } from "zod";
import { accountIdParam, enumParam, idCursorParam, regionParam } from "@/lib/contracts/query-params";
import { AUDIT_ACTIONS, AUDIT_STATUSES } from "@/lib/contracts/audit-options";

const optionalText = z
  .string()
  .max(200)
  .nullish()
  .transform((value) => (value ? value : null));

/** GET /api/audit: filters (absent = all) and a keyset cursor (the last id of the page before). */
export const AuditQuery = z.object({
  account: accountIdParam,
  region: regionParam,
  action: enumParam(AUDIT_ACTIONS),
  status: enumParam(AUDIT_STATUSES),
  actor: optionalText,
  change: optionalText,
  cursor: idCursorParam("an audit entry id"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.output<typeof AuditQuery>;
