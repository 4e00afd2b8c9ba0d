import { queryOptions } from "@tanstack/react-query";
import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { RegionDefaultsPreview } from "@/lib/changes/preview-region-defaults";
import type { RegionsView } from "@/lib/db/read/regions-view";
import type { DefaultsSnapshot, DefaultsTarget } from "@/lib/domain/region-defaults";
import { ApiError, apiFetch, postJson, toQueryString } from "@/app/_client/api";
import { queryKeys, type RegionsFilters } from "@/app/_client/query-keys";
import { undoChange } from "@/app/(dashboard)/audit/queries";

export const getRegions = (filters: RegionsFilters) =>
  apiFetch<RegionsView>(`/api/regions${toQueryString({ ...filters })}`);

export const regionsQuery = (filters: RegionsFilters) =>
  queryOptions({
    queryKey: queryKeys.regions(filters),
    queryFn: () => getRegions(filters),
    refetchInterval: 60_000,
  });

export interface CellRef {
  accountId: string;
  region: string;
}

export const previewRegionDefaults = (cells: CellRef[], target: DefaultsTarget) =>
  apiFetch<RegionDefaultsPreview>("/api/changes/region-defaults/preview", postJson({ cells, target }));
export const applyRegionDefaults = (cells: (CellRef & { before: DefaultsSnapshot })[], target: DefaultsTarget) =>
  apiFetch<ChangeResult>("/api/changes/region-defaults", postJson({ cells, target }));
/** Undo from the Regions page: its changes are regional, so the answer is per cell. */
export const undoRegionChange = async (changeId: string): Promise<ChangeResult> => {
  const result = await undoChange(changeId);
  if (!("cells" in result)) throw new ApiError("BadResponse", `Change ${changeId} is not a regional change`, 200);
  return result;
};
