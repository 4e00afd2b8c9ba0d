import { InputError } from "./errors";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Line and column (both from 1) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

/**
 * JSON.parse with an InputError naming the line and column where it broke. V8 reports the place as
 * "at position N" (Node 20) or "(line L column C)" (newer); without either the input ended early.
 */
export function parseJsonText(text: string, source: string): Json {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    // safe because JSON.parse only ever returns JSON values
    return JSON.parse(body) as Json;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const message = error.message;
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    let where: { line: number; column: number };
    if (lineCol) where = { line: Number(lineCol[1]), column: Number(lineCol[2]) };
    else {
      const position = /position (\d+)/.exec(message);
      where = lineColumn(body, position ? Number(position[1]) : body.length);
    }
    const empty = body.trim() === "";
    throw new InputError(
      source,
      null,
      empty
        ? "is empty (expected the JSON of `terraform show -json plan.out`)"
        : `not valid JSON at line ${where.line} column ${where.column}`,
    );
  }
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `$.a.b[3]`-style paths; keys that are not identifiers are quoted. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** An own property (never the prototype's: plans are untrusted input). */
export function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Sets an own, enumerable property. Plain assignment of a key like `__proto__` (the keys come from
 * untrusted input) would change the object's prototype instead.
 */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true });
}
