import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyTarget,
  changedFields,
  EMPTY_DEFAULTS,
  isEmptyTarget,
  undoTarget,
  type DefaultsSnapshot,
  type DefaultsTarget,
} from "./region-defaults";

const snapshot = fc.record<DefaultsSnapshot>({
  httpTokens: fc.constantFrom(null, "optional", "required"),
  httpPutResponseHopLimit: fc.constantFrom(null, 1, 2, 64),
  httpEndpoint: fc.constantFrom(null, "enabled", "disabled"),
  instanceMetadataTags: fc.constantFrom(null, "enabled", "disabled"),
  httpTokensEnforced: fc.constantFrom(null, "enabled", "disabled"),
});
const target = fc.record<DefaultsTarget>(
  {
    httpTokens: fc.constantFrom("optional", "required", "no-preference"),
    httpPutResponseHopLimit: fc.constantFrom(-1, 1, 3, 64),
    httpEndpoint: fc.constantFrom("enabled", "disabled", "no-preference"),
    instanceMetadataTags: fc.constantFrom("enabled", "disabled", "no-preference"),
    httpTokensEnforced: fc.constantFrom("enabled", "disabled", "no-preference"),
  },
  { requiredKeys: [] },
);

describe("region defaults", () => {
  it("applies a target: absent fields stay, no-preference and -1 clear", () => {
    const before: DefaultsSnapshot = { ...EMPTY_DEFAULTS, httpTokens: "optional", httpPutResponseHopLimit: 2 };
    expect(applyTarget(before, { httpTokens: "required" })).toEqual({ ...before, httpTokens: "required" });
    expect(applyTarget(before, { httpTokens: "no-preference", httpPutResponseHopLimit: -1 })).toEqual(EMPTY_DEFAULTS);
  });

  it("undoes only what the change moved, with no-preference where nothing was set", () => {
    const before: DefaultsSnapshot = { ...EMPTY_DEFAULTS, httpPutResponseHopLimit: 2 };
    const after = applyTarget(before, { httpTokens: "required", httpPutResponseHopLimit: 2 });
    expect(changedFields(before, after)).toEqual(["httpTokens"]);
    expect(undoTarget(before, after)).toEqual({ httpTokens: "no-preference" });
    expect(isEmptyTarget(undoTarget(before, before))).toBe(true);
  });

  it("undo restores the before state for any change (property)", () => {
    fc.assert(
      fc.property(snapshot, target, (before, change) => {
        const after = applyTarget(before, change);
        expect(applyTarget(after, undoTarget(before, after))).toEqual(before);
      }),
    );
  });
});
