import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { getInstancePageReply } from "@/lib/db/read/instance-page-reply";
import { InstanceListQuery } from "@/lib/db/read/instance-list-query";
import { readKey } from "@/lib/core/read-cache";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { UrlProblems } from "@/components/ui/url-problems";
import { cachedRead, getAppContext } from "@/lib/app-context";
import { prefetchFilterOptions } from "@/app/(dashboard)/prefetch";
import { queryKeys } from "@/app/_client/query-keys";
import { InstancesClient } from "./client";
import { instancesSearchParams, listQuery, loadInstancesSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Instances" };
// Reads the live database on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function InstancesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(InstanceListQuery, raw, {
    keys: Object.keys(instancesSearchParams),
    regions: true,
  });
  if (problems.length > 0) {
    return <UrlProblems title="Instances" pathname="/instances" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const view = await loadInstancesSearchParams(searchParams);
  const query = listQuery(view);
  // The same functions the API routes call, under the keys the client asks for. A failed prefetch
  // (e.g. a stale cursor) is not sent: the client then asks the API and shows its error.
  const queryClient = new QueryClient();
  const app = getAppContext();
  await Promise.all([
    queryClient.prefetchQuery({
      queryKey: queryKeys.instances(query),
      queryFn: async () => {
        const parsed = InstanceListQuery.parse(Object.fromEntries(new URLSearchParams(query)));
        return cachedRead(await app, readKey("instances", parsed), (r) => getInstancePageReply(r, parsed));
      },
    }),
    prefetchFilterOptions(queryClient, app),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <InstancesClient />
    </HydrationBoundary>
  );
}
