import { describe, expect, it } from "vitest";
import { overviewFigures, readinessNote, readinessSum, readinessTitle, type ReadinessTally } from "./overview-figures";

// The 2000-instance simulator fleet as the overview saw it.
const READINESS_ROWS: ReadinessTally[] = [
  { readiness: "blocked", instances: 384, required: 0, instancesWithV1Calls: 384, instancesWithRejected: 2 },
  { readiness: "broken", instances: 73, required: 73, instancesWithV1Calls: 5, instancesWithRejected: 73 },
  { readiness: "done", instances: 1027, required: 1027, instancesWithV1Calls: 31, instancesWithRejected: 0 },
  { readiness: "endpoint-disabled", instances: 7, required: 6, instancesWithV1Calls: 0, instancesWithRejected: 0 },
  { readiness: "ready", instances: 376, required: 0, instancesWithV1Calls: 0, instancesWithRejected: 0 },
  { readiness: "unknown", instances: 133, required: 0, instancesWithV1Calls: 0, instancesWithRejected: 0 },
];
const FIGURES = {
  instances: 2000,
  required: 1106,
  optional: 894,
  instancesWithV1Calls: 420,
  instancesWithRejected: 75,
};

describe("readinessSum", () => {
  it("adds up a figure by readiness state, in readiness order, leaving out zero parts", () => {
    expect(readinessSum(READINESS_ROWS, "required")).toBe("1,027 Done + 73 Broken + 6 Endpoint off");
    expect(readinessSum(READINESS_ROWS, "instancesWithV1Calls")).toBe("31 Done + 384 Blocked + 5 Broken");
    expect(readinessSum(READINESS_ROWS, "instancesWithRejected")).toBe("2 Blocked + 73 Broken");
  });

  it("names unassessed and unknown states, and says none for a zero total", () => {
    const rows: ReadinessTally[] = [
      { readiness: null, instances: 4, required: 4, instancesWithV1Calls: 0, instancesWithRejected: 0 },
      { readiness: "later-state", instances: 1, required: 1, instancesWithV1Calls: 0, instancesWithRejected: 0 },
      { readiness: "done", instances: 2, required: 2, instancesWithV1Calls: 0, instancesWithRejected: 0 },
    ];
    expect(readinessSum(rows, "required")).toBe("2 Done + 1 later-state + 4 not assessed");
    expect(readinessSum(rows, "instancesWithRejected")).toBe("none");
  });

  it("is null for tallies without the field (reports captured before it was kept) or no tallies", () => {
    expect(readinessSum([{ readiness: "done", instances: 3 }], "required")).toBeNull();
    expect(readinessSum([], "required")).toBeNull();
  });
});

describe("overviewFigures", () => {
  it("puts the window in the call figures' labels and shows how each adds up", () => {
    const figures = overviewFigures({ figures: FIGURES, readiness: READINESS_ROWS, callsWindowDays: 14 });
    expect(figures.map((figure) => [figure.id, figure.label, figure.value, figure.detail])).toEqual([
      ["instances", "Instances", "2,000", "live (not terminated)"],
      ["v2-share", "IMDSv2-only", "55.3%", "of instances require tokens"],
      ["required", "Tokens required", "1,106", "= 1,027 Done + 73 Broken + 6 Endpoint off"],
      ["optional", "Tokens optional", "894", "still accept IMDSv1"],
      ["v1-calls", "Instances with IMDSv1 calls, last 14 days", "420", "= 31 Done + 384 Blocked + 5 Broken"],
      ["rejected", "Instances with rejected calls, last 14 days", "75", "= 2 Blocked + 73 Broken"],
    ]);
  });

  it("falls back to plain details without the tallies, and to a dash for an empty fleet", () => {
    const figures = overviewFigures({
      figures: { instances: 0, required: 0, optional: 0, instancesWithV1Calls: 0, instancesWithRejected: 0 },
      readiness: [],
      callsWindowDays: 1,
    });
    expect(figures.find((figure) => figure.id === "v2-share")?.value).toBe("—");
    expect(figures.find((figure) => figure.id === "v1-calls")?.label).toBe("Instances with IMDSv1 calls, last 1 day");
    expect(figures.find((figure) => figure.id === "required")?.detail).toBe("HttpTokens = required");
  });
});

describe("readinessNote", () => {
  it("explains Done against Tokens required with the window", () => {
    expect(readinessTitle(14)).toBe("Readiness, judged on the last 14 days");
    expect(readinessNote(READINESS_ROWS, 14)).toBe(
      "Done = tokens required and no IMDSv1 calls rejected in the last 14 days; Broken = tokens required but " +
        "IMDSv1 calls rejected; Blocked = tokens optional and IMDSv1 calls made. " +
        "Tokens required (1,106) = 1,027 Done + 73 Broken + 6 Endpoint off.",
    );
    expect(readinessNote([{ readiness: "done", instances: 3 }], 7)).not.toMatch(/Tokens required \(/);
  });
});
