"use client";

import { ShareButton } from "@/app/_client/share-button";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useCallback, useState } from "react";
import { InstanceFilters, type FilterValues } from "@/components/instances/instance-filters";
import { EnforceDialog } from "@/components/instances/enforce-dialog";
import { EnforcePanel } from "@/components/instances/enforce-panel";
import { InstancesTable } from "@/components/instances/instances-table";
import styles from "@/components/instances/instances.module.css";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import {
  ACTION_SORT_EXPLAINED,
  DEFAULT_INSTANCE_SORT,
  describeInstanceSort,
  PAGE_SIZES,
  type InstanceSort,
  type SortDirection,
} from "@/lib/contracts/instance-list-options";
import { undoChange } from "@/app/(dashboard)/audit/queries";
import {
  applyInstanceEnforcement,
  type EnforcementTarget,
  fetchInstancePage,
  previewInstanceEnforcement,
} from "@/app/(dashboard)/instances/queries";
import { ApiError } from "@/app/_client/api";
import { filterOptionsQuery, startRun } from "@/app/_client/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { InstanceEnforcementPreview } from "@/lib/changes/preview-instance-enforcement";
import type { InstanceListRow } from "@/lib/db/read/instance-list";
import type { RunSummary } from "@/lib/domain/collection-run";
import { useCanChange } from "@/app/_client/identity";
import { ErrorAlert } from "@/app/_client/error-alert";
import { filterQuery, hasFilters, instancesSearchParams, listQuery, type InstancesView } from "./search-params";

const NO_FILTERS: Omit<FilterValues, "q"> & { q: string } = {
  q: "",
  account: [],
  region: [],
  httpTokens: [],
  readiness: [],
  state: [],
  team: [],
};

export function InstancesClient() {
  const [view, setView] = useQueryStates(instancesSearchParams);
  const query = listQuery(view);
  // Cursors of the pages before this one, so "Previous" can go back (keyset pages have no offset).
  const [previous, setPrevious] = useState<(string | null)[]>([]);
  const [collectStarted, setCollectStarted] = useState<RunSummary | null>(null);

  const list = useQuery({
    queryKey: queryKeys.instances(query),
    queryFn: () => fetchInstancePage(query),
    placeholderData: keepPreviousData,
    // After "Collect now" from the empty state, look again until the first instances arrive.
    refetchInterval: (q) => (collectStarted && (q.state.data?.total ?? 0) === 0 ? 3_000 : false),
  });
  const facets = useQuery(filterOptionsQuery());
  const collect = useMutation({ mutationFn: startRun, onSuccess: (run) => setCollectStarted(run) });
  const enforcement = useEnforcement(view);
  // Viewers get no selection and no Require IMDSv2 panel; the API refuses them too.
  const canChange = useCanChange();

  const changeFilters = useCallback(
    (patch: Partial<FilterValues>) => {
      setPrevious([]);
      // safe because FilterValues' lists are the parsers' values: the select offers only those
      void setView({ ...(patch as Partial<typeof view>), cursor: null });
    },
    [setView, setPrevious],
  );
  const changeSort = (sort: InstanceSort, dir: SortDirection) => {
    setPrevious([]);
    void setView({ sort, dir, cursor: null });
  };

  const exportHref = (() => {
    const params = filterQuery(view);
    params.set("sort", view.sort);
    params.set("dir", view.dir);
    return `/api/instances/export?${params.toString()}`;
  })();

  const filtered = hasFilters(view);
  const data = list.data;
  const firstRow = previous.length * view.limit + 1;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Instances</h1>
          <p className="muted">
            Every collected instance with its HttpTokens, readiness and IMDSv1 calls. Filters and sort live in the
            address, so any view is a link.
          </p>
        </div>
        <div className="page-actions">
          <ShareButton view="instances" defaultTitle="Instances still to migrate" />
        </div>
      </div>

      <Card>
        <InstanceFilters
          values={view}
          options={{
            accounts: facets.data?.accounts ?? [],
            regions: facets.data?.regions ?? [],
            teams: facets.data?.teams ?? [],
          }}
          onChange={changeFilters}
        />
        {facets.isError ? <ErrorAlert error={facets.error} onRetry={() => void facets.refetch()} /> : null}

        <div className={styles.toolbar}>
          <div className={styles.toolbarGroup} aria-live="polite">
            {data ? (
              <span data-testid="instances-total" data-total={data.total} data-shown={data.rows.length}>
                {data.rows.length === 0
                  ? `0 of ${data.total.toLocaleString("en-US")} instances`
                  : view.cursor && previous.length === 0
                    ? `${data.rows.length.toLocaleString("en-US")} shown (a later page) of ${data.total.toLocaleString("en-US")} instances`
                    : `${firstRow.toLocaleString("en-US")}–${(firstRow + data.rows.length - 1).toLocaleString("en-US")} of ${data.total.toLocaleString("en-US")} instances`}
                {filtered ? " matching the filters" : ""}
              </span>
            ) : null}
            <span className={styles.sortNote} data-testid="instances-sort" data-sort={view.sort} data-dir={view.dir}>
              Sorted by: <strong>{describeInstanceSort(view.sort, view.dir)}</strong>
              {view.sort === DEFAULT_INSTANCE_SORT && view.dir === "asc" ? (
                ` (${ACTION_SORT_EXPLAINED}).`
              ) : (
                <>
                  {" · "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => changeSort(DEFAULT_INSTANCE_SORT, "asc")}
                  >
                    Sort action first
                  </button>
                </>
              )}
            </span>
            {list.isFetching && !list.isPending ? <span className="muted">Updating…</span> : null}
          </div>
          <div className={styles.toolbarGroup}>
            {filtered ? (
              <button type="button" className="button button-secondary" onClick={() => changeFilters(NO_FILTERS)}>
                Clear filters
              </button>
            ) : null}
            <a className="button button-secondary" href={exportHref} download>
              Export CSV
            </a>
          </div>
        </div>

        {canChange ? (
          <EnforcePanel
            selectedCount={enforcement.chosen.size}
            notReadyCount={[...enforcement.chosen.values()].filter((readiness) => readiness !== "ready").length}
            selectingReady={enforcement.selectingReady}
            busy={enforcement.previewing}
            onSelectReady={enforcement.selectReady}
            onClear={enforcement.clear}
            onPreview={enforcement.preview}
          />
        ) : null}
        {enforcement.error ? <ErrorAlert error={enforcement.error} /> : null}
        {enforcement.dialog}

        {list.isPending ? (
          <Skeleton lines={8} label="Loading instances" />
        ) : list.isError ? (
          view.cursor ? (
            // A page token from an older link or another sort: retrying cannot help, starting over can.
            <ErrorAlert
              error={list.error}
              onRetry={() => {
                setPrevious([]);
                void setView({ cursor: null });
              }}
              retryLabel="Start from the first page"
            />
          ) : (
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          )
        ) : data && data.total === 0 && !filtered ? (
          <section className="empty-state" aria-labelledby="instances-empty-title">
            <h2 id="instances-empty-title">No data yet — Collect now</h2>
            <p>
              No instances have been collected yet. A collection reads every instance&apos;s metadata options and IMDS
              call metrics in each account and region.
            </p>
            {collectStarted ? (
              <p>
                Collection run #{collectStarted.id} started: follow it on the <Link href="/">overview</Link>; this list
                fills in when it finishes.
              </p>
            ) : (
              <button type="button" className="button" onClick={() => collect.mutate()} disabled={collect.isPending}>
                {collect.isPending ? "Starting…" : "Collect now"}
              </button>
            )}
            {collect.isError ? <ErrorAlert error={collect.error} /> : null}
          </section>
        ) : (
          <>
            <InstancesTable
              rows={data?.rows ?? []}
              sort={view.sort}
              dir={view.dir}
              onSort={changeSort}
              selection={canChange ? { chosen: enforcement.chosenIds, onChange: enforcement.choose } : undefined}
              empty={
                <>
                  No instances match these filters.{" "}
                  <button type="button" className="link-button" onClick={() => changeFilters(NO_FILTERS)}>
                    Clear filters
                  </button>
                </>
              }
            />
            <nav className={styles.pager} aria-label="Pages">
              <label className={styles.toolbarGroup}>
                Rows per page
                <select
                  value={view.limit}
                  onChange={(event) => {
                    setPrevious([]);
                    const limit = PAGE_SIZES.find((size) => String(size) === event.target.value) ?? 50;
                    void setView({ limit, cursor: null });
                  }}
                >
                  {PAGE_SIZES.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </select>
              </label>
              {view.cursor ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    const back = previous.at(-1) ?? null;
                    setPrevious(previous.slice(0, -1));
                    void setView({ cursor: previous.length > 0 ? back : null }, { history: "push" });
                  }}
                >
                  {previous.length > 0 ? "Previous page" : "First page"}
                </button>
              ) : null}
              <button
                type="button"
                className="button button-secondary"
                disabled={!data?.nextCursor}
                onClick={() => {
                  if (!data?.nextCursor) return;
                  setPrevious([...previous, view.cursor]);
                  void setView({ cursor: data.nextCursor }, { history: "push" });
                }}
              >
                Next page
              </button>
            </nav>
          </>
        )}
      </Card>
    </div>
  );
}

/** The most instances one enforcement takes (the API's limit per request). */
const MAX_SELECTION = 1000;

/** Selection, preview, apply and rollback of "Require IMDSv2" on the Instances page. */
function useEnforcement(view: InstancesView) {
  const queryClient = useQueryClient();
  // Chosen instance ids with their readiness, so the panel can say how many are not ready.
  const [chosen, setChosen] = useState<ReadonlyMap<string, string | null>>(new Map());
  const [preview, setPreview] = useState<InstanceEnforcementPreview | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [result, setResult] = useState<InstanceChangeResult | null>(null);
  const [rollbackResult, setRollbackResult] = useState<InstanceChangeResult | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.auditAll });
    // After the read cache's 500 ms version check, so the list cannot come back with the old values.
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: queryKeys.instancesAll }), 1_000);
  };
  // The ready instances of the current filter (every page, up to the per-request limit).
  const selectingReady = useMutation({
    mutationFn: async () => {
      if (view.readiness.length > 0 && !view.readiness.includes("ready")) return [];
      const rows: InstanceListRow[] = [];
      let cursor: string | null = null;
      do {
        const query = filterQuery(view);
        query.set("readiness", "ready");
        query.set("sort", "id");
        query.set("dir", "asc");
        query.set("limit", "200");
        if (cursor) query.set("cursor", cursor);
        const page = await fetchInstancePage(query.toString());
        rows.push(...page.rows);
        cursor = page.nextCursor;
      } while (cursor && rows.length < MAX_SELECTION);
      return rows.slice(0, MAX_SELECTION);
    },
    onSuccess: (rows) => setChosen(new Map(rows.map((row) => [row.id, row.readiness]))),
  });
  const previewing = useMutation({
    mutationFn: (target: EnforcementTarget) => previewInstanceEnforcement([...chosen.keys()], target),
    onSuccess: (fresh) => {
      setPreview(fresh);
      setConflict(null);
      setResult(null);
      setRollbackResult(null);
    },
  });
  const applying = useMutation({
    mutationFn: (shown: InstanceEnforcementPreview) =>
      applyInstanceEnforcement(
        shown.instances
          .filter((item) => item.excluded === null)
          .map((item) => ({
            instanceId: item.instanceId,
            before: {
              httpTokens: item.current.httpTokens,
              httpPutResponseHopLimit: item.current.httpPutResponseHopLimit,
            },
          })),
        shown.target,
      ),
    onSuccess: (done) => {
      setResult(done);
      refresh();
    },
    onError: (error) => {
      // A stale preview: show the fresh one with what changed, and let the user confirm again.
      if (error instanceof ApiError && error.status === 409) {
        const fresh = (error.details as { preview?: InstanceEnforcementPreview } | undefined)?.preview;
        if (fresh) setPreview(fresh);
        setConflict(error.message);
        applying.reset();
        refresh();
      }
    },
  });
  const rollingBack = useMutation({
    mutationFn: async (changeId: string) => {
      const done = await undoChange(changeId);
      if (!("instances" in done)) throw new ApiError("BadResponse", `Change ${changeId} is not an enforcement`, 200);
      return done;
    },
    onSuccess: (done) => {
      setRollbackResult(done);
      refresh();
    },
  });

  const close = () => {
    setPreview(null);
    setConflict(null);
    setResult(null);
    setRollbackResult(null);
    applying.reset();
    rollingBack.reset();
  };

  return {
    chosen,
    chosenIds: new Set(chosen.keys()),
    choose: (rows: readonly InstanceListRow[], on: boolean) =>
      setChosen((previous) => {
        const next = new Map(previous);
        for (const row of rows) {
          if (on) next.set(row.id, row.readiness);
          else next.delete(row.id);
        }
        return next;
      }),
    clear: () => setChosen(new Map()),
    selectReady: () => selectingReady.mutate(),
    selectingReady: selectingReady.isPending,
    preview: (hopLimit: number | null) =>
      previewing.mutate({
        httpTokens: "required",
        ...(hopLimit === null ? {} : { httpPutResponseHopLimit: hopLimit }),
      }),
    previewing: previewing.isPending,
    error: previewing.error ?? selectingReady.error,
    dialog: preview ? (
      <EnforceDialog
        preview={preview}
        conflict={conflict}
        result={result}
        rollbackResult={rollbackResult}
        error={
          applying.error && !(applying.error instanceof ApiError && applying.error.status === 409) ? (
            <ErrorAlert error={applying.error} />
          ) : rollingBack.error ? (
            <ErrorAlert error={rollingBack.error} />
          ) : null
        }
        applying={applying.isPending}
        rollingBack={rollingBack.isPending}
        onConfirm={() => applying.mutate(preview)}
        onRollback={() => result && rollingBack.mutate(result.changeId)}
        onClose={close}
      />
    ) : null,
  };
}
