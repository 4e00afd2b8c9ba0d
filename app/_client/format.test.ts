import { describe, expect, it } from "vitest";
import { durationMs, formatAgo, formatDuration, percent } from "./format";

const now = Date.parse("2026-11-22T12:00:00Z");

describe("formatAgo", () => {
  it("reads recent, minutes, hours and days", () => {
    expect(formatAgo("2026-11-22T11:59:30Z", now)).toBe("just now");
    expect(formatAgo("2026-11-22T11:57:00Z", now)).toBe("3 min ago");
    expect(formatAgo("2026-11-22T09:30:00Z", now)).toBe("2 h ago");
    expect(formatAgo("2026-11-21T11:00:00Z", now)).toBe("1 day ago");
    expect(formatAgo("2026-11-17T12:00:00Z", now)).toBe("5 days ago");
  });

  it("treats future times as just now and bad input as unknown", () => {
    expect(formatAgo("2026-11-22T12:05:00Z", now)).toBe("just now");
    expect(formatAgo("not a date", now)).toBe("at an unknown time");
  });
});

describe("formatDuration", () => {
  it("formats ms, seconds and minutes", () => {
    expect(formatDuration("2026-11-22T12:00:00.000Z", "2026-11-22T12:00:00.850Z")).toBe("850 ms");
    expect(formatDuration("2026-11-22T12:00:00Z", "2026-11-22T12:00:04.2Z")).toBe("4.2 s");
    expect(formatDuration("2026-11-22T12:00:00Z", "2026-11-22T12:03:05Z")).toBe("3 min 5 s");
  });

  it("is null when an end is missing or reversed", () => {
    expect(formatDuration(null, "2026-11-22T12:00:00Z")).toBeNull();
    expect(formatDuration("2026-11-22T12:00:00Z", null)).toBeNull();
    expect(durationMs("2026-11-22T12:00:01Z", "2026-11-22T12:00:00Z")).toBeNull();
  });
});

describe("percent", () => {
  it("rounds to one decimal and refuses a zero whole", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(3, 3)).toBe(100);
    expect(percent(0, 0)).toBeNull();
  });
});
