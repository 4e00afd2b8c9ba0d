import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { getStatus } from "@/lib/collector/get-status";
import { getRegionsView } from "@/lib/db/read/regions-view";
import { RegionsQuery } from "@/lib/contracts/regions-query";
import { readKey } from "@/lib/core/read-cache";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { UrlProblems } from "@/components/ui/url-problems";
import { cachedRead, getAppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";
import { RegionsClient } from "./client";
import { loadRegionsSearchParams, regionsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Regions" };
export const dynamic = "force-dynamic";

export default async function RegionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(RegionsQuery, raw, { keys: Object.keys(regionsSearchParams), regions: true });
  if (problems.length > 0) {
    return <UrlProblems title="Regions" pathname="/regions" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const filters = await loadRegionsSearchParams(searchParams);
  const queryClient = new QueryClient();
  const app = getAppContext();
  const query = RegionsQuery.safeParse(filters);
  // An invalid selection is not prefetched: the client asks the API and shows its 422 message.
  await Promise.all([
    queryClient.prefetchQuery({
      queryKey: queryKeys.status,
      queryFn: async () => cachedRead(await app, readKey("status"), getStatus),
    }),
    query.success
      ? queryClient.prefetchQuery({
          queryKey: queryKeys.regions(filters),
          queryFn: async () =>
            cachedRead(await app, readKey("regions", query.data), (r) => getRegionsView(r.db.prisma, query.data)),
        })
      : null,
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RegionsClient />
    </HydrationBoundary>
  );
}
