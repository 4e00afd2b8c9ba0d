import { createLoader, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { ALERT_STATES, ALERT_TYPES } from "@/lib/domain/alert-options";

// `/alerts?state=open&type=rejected&account=111111111111`: the alerts page's filters, the same
// parameters /api/alerts and its CSV export take, so any view is a link.
export const alertsSearchParams = {
  type: parseAsStringLiteral(ALERT_TYPES),
  state: parseAsStringLiteral(ALERT_STATES),
  account: parseAsString,
  region: parseAsString,
  cursor: parseAsString,
};

export type AlertsView = inferParserType<typeof alertsSearchParams>;

export const loadAlertsSearchParams = createLoader(alertsSearchParams);

export const ALERT_FILTER_KEYS = ["type", "state", "account", "region"] as const;

/** The filters as query text (no paging): the export link. */
export function alertsFilterQuery(view: AlertsView): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ALERT_FILTER_KEYS) {
    const value = view[key]?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

/** /api/alerts query text for the view, in a fixed order: also the react-query key. */
export function alertsListQuery(view: AlertsView): string {
  const query = alertsFilterQuery(view);
  if (view.cursor) query.set("cursor", view.cursor);
  return query.toString();
}
