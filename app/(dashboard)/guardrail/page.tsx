import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listWaivers } from "@/lib/db/write/guard-waivers";
import { WaiverQuery } from "@/lib/contracts/waiver-query";
import { z } from "zod";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { UrlProblems } from "@/components/ui/url-problems";
import { queryKeys } from "@/app/_client/query-keys";
import { GuardrailClient } from "./client";
import { guardrailSearchParams, loadGuardrailSearchParams, waiverListQuery } from "./search-params";

export const metadata: Metadata = { title: "Guardrail" };
export const dynamic = "force-dynamic";

// The waiver list's API contract, and `live`, which only the page reads.
const GuardrailPageQuery = WaiverQuery.extend({
  live: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
});

export default async function GuardrailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(GuardrailPageQuery, raw, { keys: Object.keys(guardrailSearchParams) });
  if (problems.length > 0) {
    return <UrlProblems title="Guardrail" pathname="/guardrail" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const view = await loadGuardrailSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = waiverListQuery(view);
  const query = WaiverQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
  if (query.success) {
    await queryClient.prefetchQuery({
      queryKey: queryKeys.guardWaivers(listQuery),
      queryFn: async () => listWaivers((await getAppContext()).db.prisma, query.data),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <GuardrailClient />
    </HydrationBoundary>
  );
}
