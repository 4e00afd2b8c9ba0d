import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listAuditEntries } from "@/lib/db/write/audit";
import { AuditQuery } from "@/lib/contracts/audit-query";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { UrlProblems } from "@/components/ui/url-problems";
import { queryKeys } from "@/app/_client/query-keys";
import { prefetchFilterOptions } from "@/app/(dashboard)/prefetch";
import { AuditClient } from "./client";
import { auditListQuery, auditSearchParams, loadAuditSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(AuditQuery, raw, { keys: Object.keys(auditSearchParams), regions: true });
  if (problems.length > 0) {
    return <UrlProblems title="Audit" pathname="/audit" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const view = await loadAuditSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = auditListQuery(view);
  const query = AuditQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  const app = getAppContext();
  await Promise.all([
    // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
    query.success
      ? queryClient.prefetchQuery({
          queryKey: queryKeys.audit(listQuery),
          queryFn: async () => listAuditEntries((await app).db.prisma, query.data),
        })
      : null,
    prefetchFilterOptions(queryClient, app),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AuditClient />
    </HydrationBoundary>
  );
}
