import { describe, expect, it } from "vitest";
import { describeInstanceSort, INSTANCE_SORT_LABELS, INSTANCE_SORTS } from "./instance-list-options";

describe("describeInstanceSort", () => {
  it("names the default order and every column sort in words", () => {
    expect(describeInstanceSort("action", "asc")).toBe("action first");
    expect(describeInstanceSort("action", "desc")).toBe("action last");
    expect(describeInstanceSort("v1Calls7d", "desc")).toBe("IMDSv1 calls, 7 days, descending");
    expect(describeInstanceSort("id", "asc")).toBe("instance id, ascending");
  });

  it("has a label for every sort", () => {
    for (const sort of INSTANCE_SORTS) expect(INSTANCE_SORT_LABELS[sort]).toMatch(/\S/);
  });
});
