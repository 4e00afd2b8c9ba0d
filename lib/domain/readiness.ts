import { coveredDays, type DayRange } from "./day-ranges";
import { DAY_MS, epochDay, formatUtcMinute } from "./time";

export const READINESS = ["done", "ready", "blocked", "broken", "unknown", "endpoint-disabled"] as const;
export type Readiness = (typeof READINESS)[number];

export const READINESS_LABELS: Record<Readiness, string> = {
  done: "Done",
  ready: "Ready to switch",
  blocked: "Blocked: v1 calls",
  broken: "Broken: v1 calls rejected",
  unknown: "Unknown: no metrics",
  "endpoint-disabled": "Metadata endpoint off",
};

export interface ReadinessInput {
  httpTokens: string; // "optional" | "required"
  httpEndpoint: string | null; // "disabled" => endpoint-disabled
  metadataState: string | null; // "pending" | "applied"
  state: string; // instance state (running, stopped, ...)
  /** Start of the latest period with MetadataNoToken > 0. */
  lastV1CallAt: Date | null;
  /** Start of the latest period with MetadataNoTokenRejected > 0. */
  lastRejectedAt: Date | null;
  /** Epoch-day ranges in which the instance reported any datapoint (lib/domain/day-ranges). */
  coverage: DayRange[];
  /** Metrics are read for every complete day before this instant. */
  metricsKnownThrough: Date | null;
}

export interface ReadinessOptions {
  now: number;
  windowDays: number;
}

export interface ReadinessVerdict {
  readiness: Readiness;
  reason: string;
}

/**
 * Where one instance stands in the IMDSv2 migration, first match wins:
 * 1. endpoint-disabled: HttpEndpoint is disabled (no metadata at all, v1 or v2).
 * 2. required: broken when an IMDSv1 call was rejected in the window, else done. "Required but
 *    pending" counts as required (AWS accepted the change; it applies within seconds), and the
 *    reason says it is pending.
 * 3. optional: blocked when an IMDSv1 call succeeded in the window (today's partial hours count);
 *    ready only when, on top of that, the metrics cover every complete day of the window
 *    [today - windowDays, today); with partial or no coverage (stopped, launched within the
 *    window, not collected yet) it is unknown: "no calls seen" on missing days proves nothing.
 * Any other HttpTokens value is unknown. Total and deterministic; throws only for bad options.
 */
export function evaluateReadiness(input: ReadinessInput, options: ReadinessOptions): ReadinessVerdict {
  const { now, windowDays } = checkOptions(options);
  const today = epochDay(now);
  const windowFromDay = today - windowDays;
  const windowStart = windowFromDay * DAY_MS;
  const inWindow = (at: Date | null): at is Date => at !== null && at.getTime() >= windowStart;
  const lastDays = `the last ${plural(windowDays, "day")}`;

  if (input.httpEndpoint === "disabled") {
    return {
      readiness: "endpoint-disabled",
      reason: "the instance metadata endpoint is disabled: neither IMDSv1 nor IMDSv2 answers",
    };
  }

  if (input.httpTokens === "required") {
    const pending = input.metadataState === "pending" ? " (the change is still being applied)" : "";
    if (inWindow(input.lastRejectedAt)) {
      return {
        readiness: "broken",
        reason:
          `HttpTokens is required${pending} but IMDSv1 calls were rejected ${when(input.lastRejectedAt, now)}: ` +
          "something on it still uses IMDSv1",
      };
    }
    return {
      readiness: "done",
      reason: `HttpTokens is required${pending}; no IMDSv1 calls were rejected in ${lastDays}`,
    };
  }

  if (input.httpTokens !== "optional") {
    return { readiness: "unknown", reason: `HttpTokens is "${input.httpTokens}", neither optional nor required` };
  }

  if (inWindow(input.lastV1CallAt)) {
    return {
      readiness: "blocked",
      reason: `IMDSv1 calls ${when(input.lastV1CallAt, now)}, within ${lastDays}: switching now would break them`,
    };
  }

  const covered = coveredDays(input.coverage, windowFromDay, today - 1);
  if (covered >= windowDays) {
    return {
      readiness: "ready",
      reason: `no IMDSv1 calls in ${lastDays}; metrics cover all ${plural(windowDays, "day")}`,
    };
  }
  return { readiness: "unknown", reason: unknownReason(input, covered, windowDays, today) };
}

function unknownReason(input: ReadinessInput, covered: number, windowDays: number, today: number): string {
  const stopped = ["stopped", "stopping", "shutting-down", "terminated"].includes(input.state)
    ? ` (the instance is ${input.state}, and a stopped instance reports no metrics)`
    : "";
  const knownThrough = input.metricsKnownThrough?.getTime();
  if (knownThrough === undefined || !Number.isFinite(knownThrough)) {
    return `no IMDSv1 metrics collected for this instance yet${stopped}`;
  }
  const stale = epochDay(knownThrough) < today ? `; metrics are read only up to ${formatDay(knownThrough)}` : "";
  if (covered === 0) {
    return `no metric data in the last ${plural(windowDays, "day")}${stale}${stopped}`;
  }
  return (
    `no IMDSv1 calls seen, but metrics cover only ${covered} of the last ${plural(windowDays, "day")}` +
    `${stale}${stopped}: no data is not the same as no calls`
  );
}

function checkOptions(options: ReadinessOptions): ReadinessOptions {
  if (!Number.isInteger(options.windowDays) || options.windowDays < 1) {
    throw new RangeError(`windowDays: ${options.windowDays} is not a whole number of days >= 1`);
  }
  if (!Number.isFinite(options.now)) throw new RangeError(`now: ${options.now} is not a time`);
  return options;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "on 2026-11-20 (2 days ago)", or with the hour when the period is hourly. */
function when(at: Date, now: number): string {
  const ms = at.getTime();
  const time = ms % DAY_MS === 0 ? formatDay(ms) : formatUtcMinute(ms);
  const daysAgo = epochDay(now) - epochDay(ms);
  const ago = daysAgo <= 0 ? "today" : daysAgo === 1 ? "yesterday" : `${daysAgo} days ago`;
  return `on ${time} (${ago})`;
}
