import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnsafeParam, findUnsafeText, safeText, textProblem } from "./text";

describe("textProblem", () => {
  it("refuses NUL and unpaired surrogates, accepts any well-formed text", () => {
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
    expect(textProblem("\ud800")).toMatch(/unpaired UTF-16 surrogate/);
    expect(textProblem("x\udc00")).toMatch(/unpaired/);
    expect(textProblem("emoji 😀 and ü")).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(textProblem(text.replaceAll("\u0000", ""))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(textProblem(`${before}\u0000${after}`)).not.toBeNull();
      }),
    );
  });
});

describe("findUnsafeText", () => {
  it("names the path of the first bad string or key, however deep", () => {
    expect(findUnsafeText({ name: "ok", tags: ["a", "b\u0000"] })).toEqual({
      path: "tags[1]",
      problem: expect.stringMatching(/NUL/),
    });
    expect(findUnsafeText({ a: { "k\ud800": 1 } })?.path).toBe("a (a key)");
    expect(findUnsafeText("\u0000")?.path).toBe("body");
    let deep: unknown = "bad\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeText(deep)?.problem).toMatch(/NUL/);
    expect(findUnsafeText({ fine: [1, true, null, "text"] })).toBeNull();
  });

  it("finds a bad query parameter by name", () => {
    expect(findUnsafeParam(new URLSearchParams("q=%00&region=us-east-1"))?.path).toBe("q");
    expect(findUnsafeParam(new URLSearchParams("q=fine"))).toBeNull();
  });

  it("safeText refuses with the field's path in a zod error", () => {
    const result = safeText({ max: 5 }).safeParse("a\u0000");
    expect(result.success).toBe(false);
    expect(safeText({ max: 5 }).safeParse("toolong").success).toBe(false);
    expect(safeText().safeParse("fine").success).toBe(true);
  });
});
