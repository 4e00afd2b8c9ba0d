import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listWaivers, WaiverQuery } from "@/lib/db/guard-waivers";
import { getRuntime } from "@/lib/runtime";
import { queryKeys } from "../../_lib/api-client";
import { GuardrailClient } from "./client";
import { loadGuardrailSearchParams, waiverListQuery } from "./search-params";

export const metadata: Metadata = { title: "Guardrail" };
export const dynamic = "force-dynamic";

export default async function GuardrailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadGuardrailSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = waiverListQuery(view);
  const query = WaiverQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
  if (query.success) {
    await queryClient.prefetchQuery({
      queryKey: queryKeys.guardWaivers(listQuery),
      queryFn: async () => listWaivers((await getRuntime()).collector.db.prisma, query.data),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <GuardrailClient />
    </HydrationBoundary>
  );
}
