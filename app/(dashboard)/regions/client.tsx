"use client";

import { ShareButton } from "@/app/_client/share-button";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useId, useState } from "react";
import { CallsChart, TokensShareChart } from "@/components/charts/lazy-charts";
import { ChangeDefaultsPanel } from "@/components/regions/change-defaults-panel";
import { ChangeDialog } from "@/components/regions/change-dialog";
import { cellKeyOf, RegionGrid } from "@/components/regions/region-grid";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { OVERVIEW_RANGES } from "@/lib/contracts/overview-ranges";
import { fillDays } from "@/lib/domain/progress";
import { applyRegionDefaults, previewRegionDefaults, regionsQuery, undoRegionChange } from "./queries";
import { ApiError } from "@/app/_client/api";
import { statusQuery } from "@/app/_client/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
import type { RegionCell, RegionsView } from "@/lib/db/read/regions-view";
import type { DefaultsTarget } from "@/lib/domain/region-defaults";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";
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
  const changes = useRegionChanges(regions.data?.cells ?? []);
  // Viewers get the grid and charts without selection or the change panel; the API refuses them too.
  const canChange = useCanChange();

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Regions</h1>
          <p className="muted">
            Account-level IMDS defaults per region, as EC2 reports them, and the live instances in each.{" "}
            {canChange
              ? "Choose account-regions to change their defaults: every change is previewed, checked with a DryRun, audited and can be undone."
              : "Your role is viewer: operators and admins can change these defaults."}
          </p>
        </div>
        {neverCollected ? null : (
          <div className="page-actions">
            <ShareButton view="regions" defaultTitle="IMDS defaults by account and region" />
          </div>
        )}
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
              onSelect={(cell) => void setParams({ account: cell?.accountId ?? null, region: cell?.region ?? null })}
              selection={canChange ? { chosen: changes.chosen, onChange: changes.choose } : undefined}
            />
          </Card>
          {canChange ? (
            <>
              <ChangeDefaultsPanel
                selectedCount={changes.chosen.size}
                busy={changes.previewing}
                onPreview={changes.preview}
              />
              {changes.previewError ? <ErrorAlert error={changes.previewError} /> : null}
              {changes.dialog}
            </>
          ) : null}
          {regions.data.selected ? (
            <section className="card" aria-labelledby="cell-charts-title" data-testid="cell-charts">
              <div className="run-strip-head">
                <h2 id="cell-charts-title" className="card-title">
                  <span className="mono id">{regions.data.selected.accountId}</span> ·{" "}
                  <span className="mono id">{regions.data.selected.region}</span>
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

/** Selection, preview, apply and undo of regional-defaults changes on the Regions page. */
function useRegionChanges(cells: readonly RegionCell[]) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<RegionDefaultsPreview | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [result, setResult] = useState<ChangeResult | null>(null);
  const [undoResult, setUndoResult] = useState<ChangeResult | null>(null);

  const refresh = (done?: ChangeResult) => {
    // The grid shows AWS's answer at once; the refetch waits out the read cache's version check
    // (it trusts one data-version lookup for 500 ms), so it cannot bring the old values back.
    if (done) {
      const after = new Map(
        done.cells.filter((cell) => cell.outcome === "succeeded").map((cell) => [cellKeyOf(cell), cell.after]),
      );
      queryClient.setQueriesData<RegionsView>({ queryKey: queryKeys.regionsAll }, (view) =>
        view ? { ...view, cells: view.cells.map((cell) => ({ ...cell, ...after.get(cellKeyOf(cell)) })) } : view,
      );
    }
    void queryClient.invalidateQueries({ queryKey: queryKeys.auditAll });
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: queryKeys.regionsAll }), 1_000);
  };
  const previewing = useMutation({
    mutationFn: (target: DefaultsTarget) =>
      previewRegionDefaults(
        cells.filter((cell) => chosen.has(cellKeyOf(cell))).map(({ accountId, region }) => ({ accountId, region })),
        target,
      ),
    onSuccess: (fresh) => {
      setPreview(fresh);
      setConflict(null);
      setResult(null);
      setUndoResult(null);
    },
  });
  const applying = useMutation({
    mutationFn: (shown: RegionDefaultsPreview) =>
      applyRegionDefaults(
        shown.cells
          .filter((cell) => cell.readOnly === null)
          .map((cell) => ({ accountId: cell.accountId, region: cell.region, before: cell.current })),
        shown.target,
      ),
    onSuccess: (done) => {
      setResult(done);
      refresh(done);
    },
    onError: (error) => {
      // A stale preview: show the fresh one with what changed, and let the user confirm again.
      if (error instanceof ApiError && error.status === 409) {
        const fresh = (error.details as { preview?: RegionDefaultsPreview } | undefined)?.preview;
        if (fresh) setPreview(fresh);
        setConflict(error.message);
        applying.reset();
        refresh();
      }
    },
  });
  const undoing = useMutation({
    mutationFn: (changeId: string) => undoRegionChange(changeId),
    onSuccess: (done) => {
      setUndoResult(done);
      refresh(done);
    },
  });

  const close = () => {
    setPreview(null);
    setConflict(null);
    setResult(null);
    setUndoResult(null);
    applying.reset();
    undoing.reset();
  };

  return {
    chosen,
    choose: (keys: string[], on: boolean) =>
      setChosen((previous) => {
        const next = new Set(previous);
        for (const key of keys) {
          if (on) next.add(key);
          else next.delete(key);
        }
        return next;
      }),
    preview: (target: DefaultsTarget) => previewing.mutate(target),
    previewing: previewing.isPending,
    previewError: previewing.error,
    dialog: preview ? (
      <ChangeDialog
        preview={preview}
        conflict={conflict}
        result={result}
        undoResult={undoResult}
        error={
          applying.error ? (
            <ErrorAlert error={applying.error} />
          ) : undoing.error ? (
            <ErrorAlert error={undoing.error} />
          ) : null
        }
        applying={applying.isPending}
        undoing={undoing.isPending}
        onConfirm={() => applying.mutate(preview)}
        onUndo={() => result && undoing.mutate(result.changeId)}
        onClose={close}
      />
    ) : null,
  };
}
