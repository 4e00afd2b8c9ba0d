import { queryOptions } from "@tanstack/react-query";
import {
  getFilterOptions,
  getOverview,
  getRegions,
  getRun,
  getStatus,
  listRuns,
  listUserRoles,
  queryKeys,
  type OverviewFilters,
  type RegionsFilters,
} from "./api-client";

// One place for each query's key, fetcher and refresh policy, shared by the header and the pages.

export const statusQuery = () =>
  queryOptions({
    queryKey: queryKeys.status,
    queryFn: getStatus,
    // Poll briskly while a run is going so totals and freshness follow it; otherwise every 10 s, so a
    // run started elsewhere (another tab, the schedule) shows up promptly.
    refetchInterval: (query) => (query.state.data?.lastRun?.status === "running" ? 2_000 : 10_000),
  });

export const recentRunsQuery = (limit: number) =>
  queryOptions({
    queryKey: queryKeys.runs(limit),
    queryFn: () => listRuns(limit),
    // While a run goes its row moves every second or so: follow it as briskly as the status does.
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === "running") ? 2_000 : 30_000),
  });

export const runQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.run(id),
    queryFn: () => getRun(id),
    // Every second while the run is in progress, as its progress bar promises.
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1_000 : false),
  });

export const overviewQuery = (filters: OverviewFilters) =>
  queryOptions({
    queryKey: queryKeys.overview(filters),
    queryFn: () => getOverview(filters),
    refetchInterval: 60_000,
  });

export const regionsQuery = (filters: RegionsFilters) =>
  queryOptions({
    queryKey: queryKeys.regions(filters),
    queryFn: () => getRegions(filters),
    refetchInterval: 60_000,
  });

export const usersQuery = () => queryOptions({ queryKey: queryKeys.users, queryFn: listUserRoles });

/** Accounts (with names), regions and teams for the filter dropdowns; they change only with a collection. */
export const filterOptionsQuery = () =>
  queryOptions({ queryKey: queryKeys.filterOptions, queryFn: getFilterOptions, staleTime: 60_000 });
