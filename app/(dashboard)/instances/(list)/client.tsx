"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useCallback, useState } from "react";
import { InstanceFilters, type FilterValues } from "@/components/instances/instance-filters";
import { InstancesTable } from "@/components/instances/instances-table";
import styles from "@/components/instances/instances.module.css";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { PAGE_SIZES, type InstanceSort, type SortDirection } from "@/lib/db/instance-list-options";
import { startRun, type Run } from "../../../_lib/api-client";
import { ErrorAlert } from "../../../_lib/error-alert";
import { fetchInstanceFacets, fetchInstancePage, instanceKeys } from "../api";
import { filterQuery, hasFilters, instancesSearchParams, listQuery } from "./search-params";

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
  const [collectStarted, setCollectStarted] = useState<Run | null>(null);

  const list = useQuery({
    queryKey: instanceKeys.list(query),
    queryFn: () => fetchInstancePage(query),
    placeholderData: keepPreviousData,
    // After "Collect now" from the empty state, look again until the first instances arrive.
    refetchInterval: (q) => (collectStarted && (q.state.data?.total ?? 0) === 0 ? 3_000 : false),
  });
  const facets = useQuery({ queryKey: instanceKeys.facets, queryFn: fetchInstanceFacets, staleTime: 60_000 });
  const collect = useMutation({ mutationFn: startRun, onSuccess: (run) => setCollectStarted(run) });

  const changeFilters = useCallback(
    (patch: Partial<FilterValues>) => {
      setPrevious([]);
      // safe because FilterValues' lists are the parsers' values: the select offers only those
      void setView({ ...(patch as Partial<typeof view>), cursor: null });
    },
    [setView],
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
            Every collected instance with its HttpTokens, readiness and IMDSv1 calls. Filters, sort and search live in
            the address, so any view is a link.
          </p>
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
      </Card>

      <Card>
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
