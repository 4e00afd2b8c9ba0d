"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useId } from "react";
import { CallsChart, TokensShareChart } from "@/components/charts/lazy-charts";
import { RegionGrid } from "@/components/regions/region-grid";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { OVERVIEW_RANGES } from "@/lib/db/overview-ranges";
import { fillDays } from "@/lib/domain/progress";
import { ErrorAlert } from "../../_lib/error-alert";
import { regionsQuery, statusQuery } from "../../_lib/queries";
import { regionsSearchParams } from "./search-params";

export function RegionsClient() {
  const [params, setParams] = useQueryStates(regionsSearchParams);
  const status = useQuery(statusQuery());
  const regions = useQuery({ ...regionsQuery(params), placeholderData: (previous) => previous });
  const rangeId = useId();
  const selectedKey = params.account && params.region ? `${params.account}/${params.region}` : null;
  const selected = regions.data?.selected ?? null;
  const cellDays = selected ? fillDays(selected.series, { from: selected.from, to: selected.to }) : [];
  const neverCollected = status.data ? status.data.lastRun === null : false;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Regions</h1>
          <p className="muted">
            Account-level IMDS defaults per region, as EC2 reports them (read-only), and the live instances in each.
          </p>
        </div>
      </div>

      {neverCollected ? (
        <section className="card empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">No data yet — Collect now</h2>
          <p>No account or region has been collected yet. Start a collection from the overview or the runs page.</p>
          <Link className="button" href="/runs">
            Go to collection runs
          </Link>
        </section>
      ) : regions.isError ? (
        <ErrorAlert error={regions.error} onRetry={() => void regions.refetch()} />
      ) : regions.data === undefined ? (
        <Card>
          <Skeleton lines={6} label="Loading the region grid" />
        </Card>
      ) : (
        <>
          <Card title="Defaults and instances by account and region">
            <RegionGrid
              cells={regions.data.cells}
              states={regions.data.states}
              selectedKey={selectedKey}
              onSelect={(cell) =>
                void setParams({ account: cell?.accountId ?? null, region: cell?.region ?? null })
              }
            />
          </Card>
          {regions.data.selected ? (
            <section className="card" aria-labelledby="cell-charts-title" data-testid="cell-charts">
              <div className="run-strip-head">
                <h2 id="cell-charts-title" className="card-title">
                  <span className="mono">{regions.data.selected.accountId}</span> ·{" "}
                  <span className="mono">{regions.data.selected.region}</span>
                </h2>
                <div className="filter">
                  <label htmlFor={rangeId}>Time range</label>
                  <select
                    id={rangeId}
                    value={String(params.days)}
                    onChange={(event) =>
                      void setParams({
                        days: OVERVIEW_RANGES.find((value) => String(value) === event.target.value) ?? null,
                      })
                    }
                  >
                    {OVERVIEW_RANGES.map((days) => (
                      <option key={days} value={days}>
                        Last {days} days
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="chart-grid">
                <TokensShareChart days={cellDays} />
                <CallsChart days={cellDays} />
              </div>
            </section>
          ) : (
            <p className="muted">Choose a region name in the grid to see that account-region&apos;s history.</p>
          )}
        </>
      )}
    </div>
  );
}
