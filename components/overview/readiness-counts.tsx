import type { ReadinessTally } from "@/lib/domain/overview-figures";
import { READINESS, READINESS_LABELS } from "@/lib/domain/readiness";

/**
 * How many instances are in each readiness state; instances not yet assessed are counted apart.
 * `note` says what the states mean and how they add up to the headline figures.
 */
export function ReadinessCounts({ counts, note }: { counts: readonly ReadinessTally[]; note?: string }) {
  const byState = new Map(counts.map((row) => [row.readiness, row.instances]));
  const unassessed = byState.get(null) ?? 0;
  const known = new Set<string | null>(READINESS);
  const other = counts.filter((row) => row.readiness !== null && !known.has(row.readiness));
  return (
    <>
      <dl className="readiness-grid">
        {READINESS.map((state) => (
          <div key={state} className={`readiness-item readiness-${state}`} data-testid={`readiness-${state}`}>
            <dt>{READINESS_LABELS[state]}</dt>
            <dd>{(byState.get(state) ?? 0).toLocaleString("en-US")}</dd>
          </div>
        ))}
        {[...other, ...(unassessed > 0 ? [{ readiness: "not assessed", instances: unassessed }] : [])].map((row) => (
          <div key={row.readiness} className="readiness-item" data-testid={`readiness-${row.readiness}`}>
            <dt>{row.readiness}</dt>
            <dd>{row.instances.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      {note ? (
        <p className="readiness-note" data-testid="readiness-note">
          {note}
        </p>
      ) : null}
    </>
  );
}
