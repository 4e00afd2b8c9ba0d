"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { BurndownChart, CallsChart, TokensShareChart } from "@/components/charts/lazy-charts";
import { BreakdownTable } from "@/components/overview/breakdown-table";
import { FiltersBar } from "@/components/overview/filters-bar";
import { ForecastSummary, forecastSentence } from "@/components/overview/forecast-summary";
import { ReadinessCounts } from "@/components/overview/readiness-counts";
import { Card, StatCard } from "@/components/ui/card";
import { accountOption, plainOptions } from "@/components/ui/filter-fields";
import { Skeleton } from "@/components/ui/skeleton";
import { OVERVIEW_RANGES } from "@/lib/contracts/overview-ranges";
import { overviewFigures, readinessNote, readinessTitle } from "@/lib/domain/overview-figures";
import { addDays, burndown, fillDays } from "@/lib/domain/progress";
import { overviewQuery } from "./queries";
import type { OverviewData } from "@/lib/db/read/overview";
import { ErrorAlert } from "@/app/_client/error-alert";
import { ShareButton } from "@/app/_client/share-button";
import { useCollection } from "@/app/_client/use-collection";
import { useNow } from "@/app/_client/use-now";
import { LatestRunProgress } from "@/app/_client/latest-run-progress";
import { useHydrated } from "@/components/layout/use-hydrated";
import { overviewSearchParams } from "./search-params";

export function OverviewClient({ renderedAt }: { renderedAt: number }) {
  const [filters, setFilters] = useQueryStates(overviewSearchParams);
  const now = useNow(5_000, renderedAt);
  const hydrated = useHydrated();
  const { status, run, latestRun, collect, collectButton, collectActions } = useCollection();
  const overview = useQuery({ ...overviewQuery(filters), placeholderData: (previous) => previous });

  // Until hydration completes, render what the server rendered first: the status query's server
  // data can reach the client cache only after hydration (React #418 otherwise, seen in e2e).
  if (!hydrated || status.isPending) {
    return (
      <div className="stack">
        <h1>Overview</h1>
        <Card>
          <Skeleton lines={3} label="Loading totals" />
        </Card>
        <Card>
          <Skeleton lines={5} label="Loading charts" />
        </Card>
      </div>
    );
  }

  if (status.isError) {
    return (
      <div className="stack">
        <h1>Overview</h1>
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      </div>
    );
  }

  const neverCollected = latestRun === null;
  const data = overview.data;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            {status.data.mode === "simulator" ? "Simulated AWS fleet" : status.data.modeLabel}
            {neverCollected
              ? ""
              : ` · ${status.data.accounts.length} ${status.data.accounts.length === 1 ? "account" : "accounts"} · ${
                  status.data.totals.regions
                } ${status.data.totals.regions === 1 ? "account-region" : "account-regions"} collected`}
          </p>
        </div>
        {neverCollected ? null : (
          <div className="page-actions">
            <ShareButton view="overview" defaultTitle="IMDSv2 migration overview" />
            {collectActions}
          </div>
        )}
      </div>

      {collect.error ? <ErrorAlert error={collect.error} /> : null}

      {neverCollected ? (
        <section className="card empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">No data yet — Collect now</h2>
          <p>
            Nothing has been collected from {status.data.modeLabel} yet. A collection reads every instance&apos;s
            metadata options and IMDS call metrics in each account and region.
          </p>
          {collectButton}
        </section>
      ) : (
        <>
          <section className="card run-strip" aria-labelledby="latest-run-title">
            <div className="run-strip-head">
              <h2 id="latest-run-title" className="card-title">
                Latest collection run
              </h2>
              {latestRun ? <Link href={`/runs/${latestRun.id}`}>Run #{latestRun.id} details</Link> : null}
            </div>
            <LatestRunProgress run={run} now={now} />
          </section>

          <FiltersBar
            selects={[
              {
                name: "account",
                label: "Account",
                value: filters.account,
                allLabel: "All accounts",
                options: (data?.options.accounts ?? status.data.accounts).map(accountOption),
                onChange: (value) => void setFilters({ account: value }),
              },
              {
                name: "region",
                label: "Region",
                value: filters.region,
                allLabel: "All regions",
                options: plainOptions(data?.options.regions ?? []),
                onChange: (value) => void setFilters({ region: value }),
              },
              {
                name: "team",
                label: "Team",
                value: filters.team,
                allLabel: "All teams",
                options: plainOptions(data?.options.teams ?? []),
                onChange: (value) => void setFilters({ team: value }),
              },
              {
                name: "days",
                label: "Time range",
                value: String(filters.days),
                options: OVERVIEW_RANGES.map((days) => ({ value: String(days), label: `Last ${days} days` })),
                onChange: (value) => {
                  const days = OVERVIEW_RANGES.find((range) => String(range) === value) ?? null;
                  void setFilters({ days });
                },
              },
            ]}
          >
            {filters.account || filters.region || filters.team ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void setFilters({ account: null, region: null, team: null })}
              >
                Clear filters
              </button>
            ) : null}
          </FiltersBar>

          {overview.isError ? (
            <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
          ) : data === undefined ? (
            <Card>
              <Skeleton lines={6} label="Loading the overview" />
            </Card>
          ) : (
            <OverviewBody data={data} onFilter={(patch) => void setFilters(patch)} />
          )}
        </>
      )}
    </div>
  );
}

function OverviewBody({
  data,
  onFilter,
}: {
  data: OverviewData;
  onFilter: (patch: { account?: string; region?: string; team?: string }) => void;
}) {
  const remaining = burndown(data.series);
  // Every day of the range, so days without rollups show as gaps instead of being joined over.
  const days = fillDays(data.series, { from: addDays(data.today, 1 - data.query.days), to: data.today });
  const projection =
    data.forecast.kind === "projected"
      ? {
          completionDay: data.forecast.completionDay,
          earliestDay: data.forecast.earliestDay,
          latestDay: data.forecast.latestDay,
        }
      : null;
  const accountNames = new Map(data.options.accounts.map((account) => [account.id, account.name]));
  return (
    <>
      <section aria-labelledby="totals-title">
        <h2 id="totals-title" className="visually-hidden">
          Totals
        </h2>
        <div className="stat-grid">
          {overviewFigures(data).map((figure) => (
            <StatCard
              key={figure.id}
              label={figure.label}
              value={figure.value}
              detail={figure.detail}
              testId={`total-${figure.id}`}
            />
          ))}
        </div>
      </section>

      <Card title={readinessTitle(data.callsWindowDays)}>
        <ReadinessCounts counts={data.readiness} note={readinessNote(data.readiness, data.callsWindowDays)} />
      </Card>

      <div className="chart-grid">
        <Card>
          <TokensShareChart days={days} />
        </Card>
        <Card>
          <CallsChart days={days} />
        </Card>
      </div>

      <Card>
        <ForecastSummary forecast={data.forecast} />
        <BurndownChart days={remaining} projection={projection} summary={forecastSentence(data.forecast)} />
      </Card>

      <Card title="By account">
        <BreakdownTable
          caption="Instances by account"
          keyHeader="Account"
          filename="overview-by-account.csv"
          windowDays={data.callsWindowDays}
          rows={data.breakdowns.accounts.map((row) => ({
            ...row,
            label: accountNames.get(row.key) ?? row.key,
            sub: accountNames.get(row.key) ? row.key : null,
          }))}
          onSelect={(account) => onFilter({ account })}
        />
      </Card>
      <div className="breakdown-grid">
        <Card title="By region">
          <BreakdownTable
            caption="Instances by region"
            keyHeader="Region"
            filename="overview-by-region.csv"
            windowDays={data.callsWindowDays}
            rows={data.breakdowns.regions}
            onSelect={(region) => onFilter({ region })}
          />
        </Card>
        <Card title="By team tag">
          <BreakdownTable
            caption="Instances by team tag"
            keyHeader="Team"
            filename="overview-by-team.csv"
            windowDays={data.callsWindowDays}
            rows={data.breakdowns.teams}
            onSelect={(team) => onFilter({ team })}
          />
        </Card>
      </div>
    </>
  );
}
