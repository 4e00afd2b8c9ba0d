import { describe, expect, it } from "vitest";
import { formatRunUnits } from "@/components/collection/run-units-text";

const run = (patch: Partial<Parameters<typeof formatRunUnits>[0]>) => ({
  status: "running" as const,
  unitsDone: 0,
  unitsTotal: 0,
  unitsFailed: 0,
  ...patch,
});

describe("formatRunUnits", () => {
  it("says a running run with no account-region yet is discovering, not '0 / 0'", () => {
    expect(formatRunUnits(run({}))).toBe("discovering regions…");
  });

  it("counts done of total, with failures when there are any", () => {
    expect(formatRunUnits(run({ unitsTotal: 12 }))).toBe("0 of 12 account-regions");
    expect(formatRunUnits(run({ unitsDone: 7, unitsTotal: 12, unitsFailed: 1 }))).toBe(
      "7 of 12 account-regions (1 failed)",
    );
    expect(formatRunUnits(run({ status: "succeeded", unitsDone: 1200, unitsTotal: 1200 }))).toBe(
      "1,200 of 1,200 account-regions",
    );
  });

  it("says a finished run that listed nothing covered no account-region", () => {
    expect(formatRunUnits(run({ status: "failed" }))).toBe("no account-regions");
  });
});
