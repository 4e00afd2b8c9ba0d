import { Alert } from "@/components/ui/alert";
import { ProgressBar } from "@/components/ui/progress-bar";
import { describeNeverAttempted } from "./region-coverage";
import { formatRunUnits } from "./run-units-text";
import { RunStatusBadge, runTone } from "./status-badge";
import type { RunSummary } from "@/lib/domain/collection-run";

/** One collection run: status, a progress bar over its account-region units, and its counts. */
export function RunProgress({
  run,
  startedText,
  durationText,
}: {
  run: RunSummary;
  startedText: string;
  durationText: string | null;
}) {
  const tone = runTone(run.status);
  const progressText = formatRunUnits(run);
  const neverAttempted = describeNeverAttempted(run);
  return (
    <div className="run-progress" data-testid="run-progress" data-run-id={run.id} data-status={run.status}>
      <div className="run-head">
        <h3 className="run-title">Run #{run.id}</h3>
        <RunStatusBadge status={run.status} />
        <span className="muted">
          {run.trigger} · started {startedText}
          {durationText ? ` · ${run.status === "running" ? "running for" : "took"} ${durationText}` : ""}
        </span>
      </div>
      <ProgressBar
        value={run.unitsDone}
        max={run.unitsTotal}
        label={`Run ${run.id} progress`}
        text={progressText}
        tone={tone === "neutral" ? "info" : tone}
      />
      <dl className="run-facts">
        <div>
          <dt>Failed account-regions</dt>
          <dd>{run.unitsFailed}</dd>
        </div>
        {run.regionListingsFailed > 0 ? (
          <div>
            <dt>Failed region listings</dt>
            <dd>{run.regionListingsFailed}</dd>
          </div>
        ) : null}
        {run.accountsNotAttempted > 0 ? (
          <div>
            <dt>Accounts never attempted</dt>
            <dd>{run.accountsNotAttempted}</dd>
          </div>
        ) : null}
        <div>
          <dt>Instances seen</dt>
          <dd>{run.instancesSeen.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Metric points written</dt>
          <dd>{run.metricPointsWritten.toLocaleString("en-US")}</dd>
        </div>
      </dl>
      {run.error ? <Alert code={`Run ${run.status}`}>{run.error}</Alert> : null}
      {neverAttempted ? <Alert code="Regions never attempted">{neverAttempted}</Alert> : null}
    </div>
  );
}
