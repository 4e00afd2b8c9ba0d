import { z } from "zod";

// Text that PostgreSQL can store and that round-trips unchanged: no NUL (PostgreSQL refuses it in
// text columns, error 22021) and no unpaired UTF-16 surrogate (silently turned into U+FFFD on the
// way to UTF-8). Shared by the URL, the API and the browser.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `value` as stored text, or null when nothing is. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored; remove it";
  if (LONE_SURROGATE.test(value)) {
    return "contains an unpaired UTF-16 surrogate (not valid Unicode text); send well-formed UTF-8";
  }
  return null;
}

/** A string field that refuses NUL and unpaired surrogates, naming the field in the 422. */
export const safeText = (options: { max?: number } = {}) => {
  const base = z.string();
  return (options.max === undefined ? base : base.max(options.max)).superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
};

/** The first string (or object key) in a JSON value that is not storable text, with its path. */
export function findUnsafeText(value: unknown, path = ""): { path: string; problem: string } | null {
  // An explicit stack: a deeply nested body must not overflow the call stack.
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value === "string") {
      const problem = textProblem(next.value);
      if (problem) return { path: next.path || "body", problem };
    } else if (Array.isArray(next.value)) {
      next.value.forEach((item, index) => stack.push({ value: item, path: `${next.path}[${index}]` }));
    } else if (next.value !== null && typeof next.value === "object") {
      for (const [key, item] of Object.entries(next.value)) {
        const keyPath = next.path ? `${next.path}.${key}` : key;
        const keyProblem = textProblem(key);
        if (keyProblem) return { path: `${next.path || "body"} (a key)`, problem: keyProblem };
        stack.push({ value: item, path: keyPath });
      }
    }
  }
  return null;
}

/** The first query parameter (name or value) that is not storable text. */
export function findUnsafeParam(params: URLSearchParams): { path: string; problem: string } | null {
  for (const [name, value] of params) {
    const nameProblem = textProblem(name);
    if (nameProblem) return { path: "query parameter name", problem: nameProblem };
    const problem = textProblem(value);
    if (problem) return { path: name, problem };
  }
  return null;
}
