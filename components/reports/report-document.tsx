import { formatUtcMinute } from "@/lib/domain/time";
import { BurndownChart, CallsChart, TokensShareChart } from "@/components/charts/lazy-charts";
import { ForecastSummary, forecastSentence } from "@/components/overview/forecast-summary";
import { ReadinessCounts } from "@/components/overview/readiness-counts";
import { readinessNote, readinessTitle } from "@/lib/domain/overview-figures";
import { Card, StatCard } from "@/components/ui/card";
import type { ReportSnapshot } from "@/lib/contracts/report-snapshot";
import styles from "./reports.module.css";
import { SnapshotTable } from "./snapshot-table";

const VIEW_NAMES: Record<ReportSnapshot["view"], string> = {
  overview: "Overview",
  regions: "Regions",
  instances: "Instances",
};

/**
 * A frozen view, drawn only from its snapshot: no links into the dashboard and no queries, so a
 * reader without an account sees exactly what was captured and can reach nothing else.
 */
export function ReportDocument({
  snapshot,
  csvHref,
  pdfHref,
}: {
  snapshot: ReportSnapshot;
  /** The CSV download of one snapshot table. */
  csvHref: (tableId: string) => string;
  /** Null when the server cannot render PDFs (no Chromium). */
  pdfHref: string | null;
}) {
  const charts = snapshot.charts;
  const burndown = charts?.burndown ?? null;
  const forecast = burndown?.forecast;
  // Reports captured before the window was kept have no window to name.
  const windowDays = snapshot.readinessWindowDays;
  return (
    <article className={`stack ${styles.report}`} data-testid="report">
      <header className={styles.head}>
        <div>
          <p className={styles.kicker}>Shared report · {VIEW_NAMES[snapshot.view]} · read-only snapshot</p>
          <h1>{snapshot.title}</h1>
          <dl className={styles.meta}>
            <div>
              <dt>Captured</dt>
              <dd data-testid="report-captured-at">{formatUtcMinute(snapshot.capturedAt)}</dd>
            </div>
            <div>
              <dt>Data collected</dt>
              <dd data-testid="report-collected-at">
                {snapshot.collectedAt ? formatUtcMinute(snapshot.collectedAt) : "never (no collection had finished)"}
              </dd>
            </div>
            <div>
              <dt>Source</dt>
              <dd>{snapshot.source}</dd>
            </div>
            {snapshot.filters.map((filter) => (
              <div key={filter.label}>
                <dt>{filter.label}</dt>
                <dd>{filter.value}</dd>
              </div>
            ))}
            {snapshot.filters.length === 0 ? (
              <div>
                <dt>Filters</dt>
                <dd>none (everything collected)</dd>
              </div>
            ) : null}
          </dl>
        </div>
        <div className={`${styles.actions} no-print`}>
          {/* A plain link to the browser's print dialog would need script; this page has none of its own. */}
          {pdfHref ? (
            <a className="button button-secondary" href={pdfHref} download>
              Download PDF
            </a>
          ) : null}
          <p className="muted">Print or “Save as PDF” from the browser gives a clean document.</p>
        </div>
      </header>

      <section aria-labelledby="report-figures">
        <h2 id="report-figures" className="visually-hidden">
          Figures
        </h2>
        <div className="stat-grid">
          {snapshot.figures.map((figure) => (
            <StatCard key={figure.label} label={figure.label} value={figure.value} detail={figure.detail} />
          ))}
        </div>
      </section>

      {snapshot.readiness ? (
        <Card title={windowDays === undefined ? "Readiness" : readinessTitle(windowDays)}>
          <ReadinessCounts
            counts={snapshot.readiness}
            note={windowDays === undefined ? undefined : readinessNote(snapshot.readiness, windowDays)}
          />
        </Card>
      ) : null}

      {charts ? (
        <>
          <h2 className={styles.sectionTitle}>{charts.title}</h2>
          <div className="chart-grid">
            <Card>
              <TokensShareChart days={charts.days} />
            </Card>
            <Card>
              <CallsChart days={charts.days} />
            </Card>
          </div>
        </>
      ) : null}

      {burndown && forecast ? (
        <Card>
          <ForecastSummary forecast={forecast} />
          <BurndownChart
            days={burndown.days}
            projection={
              forecast.kind === "projected"
                ? {
                    completionDay: forecast.completionDay,
                    earliestDay: forecast.earliestDay,
                    latestDay: forecast.latestDay,
                  }
                : null
            }
            summary={forecastSentence(forecast)}
          />
        </Card>
      ) : null}

      {snapshot.tables.map((table) => (
        <SnapshotTable key={table.id} table={table} csvHref={csvHref(table.id)} />
      ))}

      <footer className={`muted ${styles.footer}`}>
        IMDSv2 migration dashboard · snapshot of {formatUtcMinute(snapshot.capturedAt)}. Figures do not change after
        capture.
      </footer>
    </article>
  );
}
