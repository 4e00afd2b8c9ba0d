import { formatInteger, percent } from "./numbers";
import { READINESS } from "./readiness";

// The overview's headline figures in words, shared by the page and the report snapshots so both
// say the same thing. Every instance-level call count uses the readiness window, the same days the
// readiness states are judged on, and the texts show how the figures add up.

/** Current counts over live instances (lib/db/overview's FleetCounts). */
export interface FleetFigures {
  instances: number;
  required: number;
  optional: number;
  instancesWithV1Calls: number;
  instancesWithRejected: number;
}

/** One readiness state's instances; the counts are absent in reports captured before they were kept. */
export interface ReadinessTally {
  readiness: string | null;
  instances: number;
  required?: number;
  instancesWithV1Calls?: number;
  instancesWithRejected?: number;
}

export interface OverviewFigure {
  id: "instances" | "v2-share" | "required" | "optional" | "v1-calls" | "rejected";
  label: string;
  value: string;
  detail: string;
}

/** Short names of the readiness states, as sums read them ("1,027 Done + 73 Broken"). */
const SHORT_NAMES: Record<string, string> = {
  done: "Done",
  ready: "Ready",
  blocked: "Blocked",
  broken: "Broken",
  unknown: "Unknown",
  "endpoint-disabled": "Endpoint off",
};

const shortName = (readiness: string | null) =>
  readiness === null ? "not assessed" : (SHORT_NAMES[readiness] ?? readiness);

/** Known states in READINESS order, then any others, then "not assessed". */
function rank(readiness: string | null): number {
  if (readiness === null) return READINESS.length + 1;
  const index = (READINESS as readonly string[]).indexOf(readiness);
  return index === -1 ? READINESS.length : index;
}

type TallyField = "required" | "instancesWithV1Calls" | "instancesWithRejected";

/**
 * "1,027 Done + 73 Broken + 6 Endpoint off": which readiness states make up `field`'s total,
 * zero parts left out. Null when the tallies do not carry the field (an old report).
 */
export function readinessSum(rows: readonly ReadinessTally[], field: TallyField): string | null {
  if (rows.length === 0 || rows.some((row) => row[field] === undefined)) return null;
  const parts = rows
    .filter((row) => (row[field] ?? 0) > 0)
    .sort((a, b) => rank(a.readiness) - rank(b.readiness))
    .map((row) => `${formatInteger(row[field] ?? 0)} ${shortName(row.readiness)}`);
  return parts.length === 0 ? "none" : parts.join(" + ");
}

export const windowWords = (days: number) => `last ${days} ${days === 1 ? "day" : "days"}`;

/** The headline figures: what each counts and over which window is in its label. */
export function overviewFigures(input: {
  figures: FleetFigures;
  readiness: readonly ReadinessTally[];
  callsWindowDays: number;
}): OverviewFigure[] {
  const { figures, readiness } = input;
  const window = windowWords(input.callsWindowDays);
  const v2 = percent(figures.required, figures.instances);
  const sum = (field: TallyField, fallback: string) => {
    const text = readinessSum(readiness, field);
    return text === null ? fallback : `= ${text}`;
  };
  return [
    { id: "instances", label: "Instances", value: formatInteger(figures.instances), detail: "live (not terminated)" },
    {
      id: "v2-share",
      label: "IMDSv2-only",
      value: v2 === null ? "—" : `${v2}%`,
      detail: "of instances require tokens",
    },
    {
      id: "required",
      label: "Tokens required",
      value: formatInteger(figures.required),
      detail: sum("required", "HttpTokens = required"),
    },
    {
      id: "optional",
      label: "Tokens optional",
      value: formatInteger(figures.optional),
      detail: "still accept IMDSv1",
    },
    {
      id: "v1-calls",
      label: `Instances with IMDSv1 calls, ${window}`,
      value: formatInteger(figures.instancesWithV1Calls),
      detail: sum("instancesWithV1Calls", "instances, not calls"),
    },
    {
      id: "rejected",
      label: `Instances with rejected calls, ${window}`,
      value: formatInteger(figures.instancesWithRejected),
      detail: sum("instancesWithRejected", "instances whose IMDSv1 calls were refused"),
    },
  ];
}

/** The readiness card's title, with the days it is judged on. */
export const readinessTitle = (windowDays: number) => `Readiness, judged on the ${windowWords(windowDays)}`;

/** Says what Done and Broken mean and why Done is not all of Tokens required. */
export function readinessNote(rows: readonly ReadinessTally[], windowDays: number): string {
  const window = windowWords(windowDays);
  const required = readinessSum(rows, "required");
  const total = rows.reduce((sum, row) => sum + (row.required ?? 0), 0);
  return (
    `Done = tokens required and no IMDSv1 calls rejected in the ${window}; ` +
    `Broken = tokens required but IMDSv1 calls rejected; Blocked = tokens optional and IMDSv1 calls made.` +
    (required === null || total === 0 ? "" : ` Tokens required (${formatInteger(total)}) = ${required}.`)
  );
}
