import { queryOptions } from "@tanstack/react-query";
import type { UserRoles } from "@/lib/auth/users";
import type { Status } from "@/lib/collector/get-status";
import type { InstanceFacets } from "@/lib/db/read/instance-list";
import type { RunSummary, UnitSummary } from "@/lib/domain/collection-run";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type RunWithUnits = RunSummary & { units: UnitSummary[] };

export const getStatus = () => apiFetch<Status>("/api/status");
export const getFilterOptions = () => apiFetch<InstanceFacets>("/api/instances/facets");
export const listUserRoles = () => apiFetch<UserRoles>("/api/users");
export const listRuns = (limit: number) =>
  apiFetch<{ runs: RunSummary[] }>(`/api/collection-runs?limit=${limit}`).then((body) => body.runs);
export const getRun = (id: number) =>
  apiFetch<{ run: RunWithUnits }>(`/api/collection-runs/${id}`).then((body) => body.run);
export const startRun = () =>
  apiFetch<{ run: RunSummary }>("/api/collection-runs", { method: "POST" }).then((body) => body.run);

// The queries more than one area uses (the header, overview, runs and instances pages): status,
// runs, filter options and users. Each area's own queries are in its queries.ts.

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

export const usersQuery = () => queryOptions({ queryKey: queryKeys.users, queryFn: listUserRoles });

/** Accounts (with names), regions and teams for the filter dropdowns; they change only with a collection. */
export const filterOptionsQuery = () =>
  queryOptions({ queryKey: queryKeys.filterOptions, queryFn: getFilterOptions, staleTime: 60_000 });
