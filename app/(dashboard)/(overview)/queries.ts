import { queryOptions } from "@tanstack/react-query";
import type { OverviewData } from "@/lib/db/read/overview";
import { apiFetch, toQueryString } from "@/app/_client/api";
import { queryKeys, type OverviewFilters } from "@/app/_client/query-keys";

export const getOverview = (filters: OverviewFilters) =>
  apiFetch<OverviewData>(`/api/overview${toQueryString({ ...filters })}`);

export const overviewQuery = (filters: OverviewFilters) =>
  queryOptions({
    queryKey: queryKeys.overview(filters),
    queryFn: () => getOverview(filters),
    refetchInterval: 60_000,
  });
