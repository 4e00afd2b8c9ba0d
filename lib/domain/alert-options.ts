// Shared with the browser (the alerts page's URL parsers and labels): no Node imports here.
export const ALERT_TYPES = ["rejected", "v1-after-done", "drift", "run"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_STATES = ["open", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export type AlertSeverity = "critical" | "warning";

/** A row's type badge: short, the filter and the page say the rest. */
export const ALERT_TYPE_BADGES: Record<AlertType, string> = {
  rejected: "v1 rejected",
  "v1-after-done": "v1 after done",
  drift: "default drift",
  run: "collection failed",
};

/**
 * What each type counts and over which window, in words (the type filter, the page's key). The
 * instance alerts look back `windowHours` (ALERT_REJECTED_WINDOW_HOURS): a rejected-calls alert
 * stays open until that long passes without a rejected call.
 */
export function alertTypeLabels(windowHours: number): Record<AlertType, string> {
  const window = windowHours % 24 === 0 && windowHours > 24 ? `${windowHours / 24} days` : `${windowHours} h`;
  return {
    rejected: `Instances with rejected IMDSv1 calls in the last ${window}`,
    "v1-after-done": `Instances that made IMDSv1 calls after they were done, in the last ${window}`,
    drift: "Regional defaults changed outside this dashboard",
    run: "Collection runs that failed or were partial",
  };
}
