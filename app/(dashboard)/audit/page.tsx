import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { AuditQuery, listAuditEntries } from "@/lib/db/audit";
import { getRuntime } from "@/lib/runtime";
import { queryKeys } from "../../_lib/api-client";
import { AuditClient } from "./client";
import { auditListQuery, loadAuditSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadAuditSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = auditListQuery(view);
  const query = AuditQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
  if (query.success) {
    await queryClient.prefetchQuery({
      queryKey: queryKeys.audit(listQuery),
      queryFn: async () => listAuditEntries((await getRuntime()).collector.db.prisma, query.data),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AuditClient />
    </HydrationBoundary>
  );
}
