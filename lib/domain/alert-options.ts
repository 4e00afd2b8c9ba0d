// Shared with the browser (the alerts page's URL parsers and labels): no Node imports here.
export const ALERT_TYPES = ["rejected", "v1-after-done", "drift", "run"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_STATES = ["open", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export type AlertSeverity = "critical" | "warning";

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  rejected: "IMDSv1 calls rejected",
  "v1-after-done": "IMDSv1 calls after done",
  drift: "Regional default drift",
  run: "Collection failed",
};
