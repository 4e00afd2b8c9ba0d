import type { QueryClient } from "@tanstack/react-query";
import { getStatus } from "@/lib/collector/get-status";
import { readKey } from "@/lib/core/read-cache";
import { listInstanceFacets } from "@/lib/db/read/instance-list";
import { getRun } from "@/lib/db/write/runs";
import { cachedRead, type AppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";

// Server side: what several pages prefetch, under the keys their client queries read and from the
// same cached reads as the API routes, so the first paint already holds the data. A failed prefetch
// is not sent: the client then asks the API and shows its error code.

/** The filter dropdowns' options (accounts with names, regions, teams), as /api/instances/facets answers. */
export function prefetchFilterOptions(queryClient: QueryClient, app: Promise<AppContext>): Promise<void> {
  return queryClient.prefetchQuery({
    queryKey: queryKeys.filterOptions,
    queryFn: async () => cachedRead(await app, readKey("instance-facets"), (r) => listInstanceFacets(r.db.raw)),
  });
}

/** The header's status, then the latest run's card (as /api/status and /api/collection-runs/<id> answer). */
export async function prefetchStatusAndLatestRun(queryClient: QueryClient, app: Promise<AppContext>): Promise<void> {
  const status = await queryClient
    .fetchQuery({
      queryKey: queryKeys.status,
      queryFn: async () => cachedRead(await app, readKey("status"), getStatus),
    })
    .catch(() => null);
  const runId = status?.lastRun?.id ?? null;
  if (runId === null) return;
  await queryClient.prefetchQuery({
    queryKey: queryKeys.run(runId),
    queryFn: async () => getRun((await app).db.prisma, runId),
  });
}
