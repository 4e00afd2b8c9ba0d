import type { QueryClient } from "@tanstack/react-query";
import { listInstanceFacets } from "@/lib/db/read/instance-list";
import { readKey } from "@/lib/core/read-cache";
import { cachedRead, type AppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";

/**
 * Server side: the filter dropdowns' options under the key filterOptionsQuery() reads, from the
 * same cached read as /api/instances/facets, so the first paint already names every account.
 */
export function prefetchFilterOptions(queryClient: QueryClient, app: Promise<AppContext>): Promise<void> {
  return queryClient.prefetchQuery({
    queryKey: queryKeys.filterOptions,
    queryFn: async () => cachedRead(await app, readKey("instance-facets"), (r) => listInstanceFacets(r.db.raw)),
  });
}
