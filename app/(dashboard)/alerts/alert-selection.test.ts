import { describe, expect, it } from "vitest";
import { chosenOnPage, pageSelectionState, selectableIds, toggleChosen } from "@/components/alerts/alert-selection";

const rows = [
  { id: "3", acknowledgedAt: null },
  { id: "2", acknowledgedAt: "2026-11-22T10:00:00.000Z" },
  { id: "1", acknowledgedAt: null },
];

describe("alert selection", () => {
  it("offers only unacknowledged alerts", () => {
    expect(selectableIds(rows)).toEqual(["3", "1"]);
  });

  it("counts only chosen alerts on this page that are still selectable, in page order", () => {
    // "9" is from another page; "2" was acknowledged meanwhile (by someone else).
    expect(chosenOnPage(rows, new Set(["1", "9", "2", "3"]))).toEqual(["3", "1"]);
  });

  it("ticks and unticks a set of ids without touching the others", () => {
    const some = toggleChosen(new Set(["9"]), ["3", "1"], true);
    expect([...some].sort()).toEqual(["1", "3", "9"]);
    expect([...toggleChosen(some, ["3", "1"], false)]).toEqual(["9"]);
  });

  it("reads the page box as all, some or none", () => {
    expect(pageSelectionState(rows, new Set())).toBe("none");
    expect(pageSelectionState(rows, new Set(["3"]))).toBe("some");
    expect(pageSelectionState(rows, new Set(["3", "1"]))).toBe("all");
    expect(pageSelectionState([{ id: "2", acknowledgedAt: "x" }], new Set(["2"]))).toBe("none");
  });
});
