import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { getInstancePageReply } from "@/app/api/instances/instance-page-reply";
import { InstanceListQuery } from "@/lib/db/instance-list-query";
import { listInstanceFacets } from "@/lib/db/instance-list";
import { readKey } from "@/lib/http/read-cache";
import { cachedRead, getRuntime } from "@/lib/runtime";
import { instanceKeys } from "../api";
import { InstancesClient } from "./client";
import { listQuery, loadInstancesSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Instances" };
// Reads the live database on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function InstancesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadInstancesSearchParams(searchParams);
  const query = listQuery(view);
  // The same functions the API routes call, under the keys the client asks for. A failed prefetch
  // (e.g. a stale cursor) is not sent: the client then asks the API and shows its error.
  const queryClient = new QueryClient();
  const runtime = getRuntime();
  await Promise.all([
    queryClient.prefetchQuery({
      queryKey: instanceKeys.list(query),
      queryFn: async () => {
        const parsed = InstanceListQuery.parse(Object.fromEntries(new URLSearchParams(query)));
        return cachedRead(await runtime, readKey("instances", parsed), (r) => getInstancePageReply(r, parsed));
      },
    }),
    queryClient.prefetchQuery({
      queryKey: instanceKeys.facets,
      queryFn: async () =>
        cachedRead(await runtime, readKey("instance-facets"), (r) => listInstanceFacets(r.collector.db.raw)),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <InstancesClient />
    </HydrationBoundary>
  );
}
