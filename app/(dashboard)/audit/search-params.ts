import { createLoader, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { AUDIT_ACTIONS, AUDIT_STATUSES } from "@/lib/contracts/audit-options";

// `/audit?account=111111111111&status=failed&cursor=42`: the audit page's filters, the same
// parameters /api/audit and its CSV export take, so any view is a link.
export const auditSearchParams = {
  account: parseAsString,
  region: parseAsString,
  action: parseAsStringLiteral(AUDIT_ACTIONS),
  status: parseAsStringLiteral(AUDIT_STATUSES),
  actor: parseAsString,
  cursor: parseAsString,
};

export type AuditView = inferParserType<typeof auditSearchParams>;

export const loadAuditSearchParams = createLoader(auditSearchParams);

export const AUDIT_FILTER_KEYS = ["account", "region", "action", "status", "actor"] as const;

/** The filters as query text (no paging): the export link. */
export function auditFilterQuery(view: AuditView): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = view[key]?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

/** /api/audit query text for the view, in a fixed order: also the react-query key. */
export function auditListQuery(view: AuditView): string {
  const query = auditFilterQuery(view);
  if (view.cursor) query.set("cursor", view.cursor);
  return query.toString();
}
