import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { z } from "zod";
import { UrlProblems } from "@/components/ui/url-problems";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { REPORT_STATES } from "@/lib/contracts/report-state";
import { listReports } from "@/lib/db/write/reports";
import { getAppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";
import { ReportsClient } from "./client";
import { reportsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

// The state filter is the page's own (the reports API lists every link).
const ReportsPageQuery = z.object({
  state: z.enum(REPORT_STATES, { error: `must be one of ${REPORT_STATES.join(", ")}` }).optional(),
});

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(ReportsPageQuery, raw, { keys: Object.keys(reportsSearchParams) });
  if (problems.length > 0) {
    return <UrlProblems title="Reports" pathname="/reports" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    queryKey: queryKeys.reports,
    queryFn: async () => listReports((await getAppContext()).db.prisma),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ReportsClient renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
