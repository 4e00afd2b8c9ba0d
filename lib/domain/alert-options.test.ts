import { describe, expect, it } from "vitest";
import { ALERT_TYPES, alertTypeLabels } from "./alert-options";

describe("alertTypeLabels", () => {
  it("says what the instance alerts count and over which window", () => {
    const labels = alertTypeLabels(24);
    expect(labels.rejected).toBe("Instances with rejected IMDSv1 calls in the last 24 h");
    expect(labels["v1-after-done"]).toBe("Instances that made IMDSv1 calls after they were done, in the last 24 h");
    expect(Object.keys(labels).sort()).toEqual([...ALERT_TYPES].sort());
  });

  it("names whole days beyond one day, hours otherwise", () => {
    expect(alertTypeLabels(72).rejected).toBe("Instances with rejected IMDSv1 calls in the last 3 days");
    expect(alertTypeLabels(36).rejected).toBe("Instances with rejected IMDSv1 calls in the last 36 h");
    expect(alertTypeLabels(1).rejected).toBe("Instances with rejected IMDSv1 calls in the last 1 h");
  });
});
