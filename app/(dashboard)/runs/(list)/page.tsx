import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listRuns } from "@/lib/db/write/runs";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { UrlProblems } from "@/components/ui/url-problems";
import { z } from "zod";
import { queryKeys } from "@/app/_client/query-keys";
import { RunsClient } from "./client";
import { loadRunsSearchParams, RUN_LIST_LIMITS, runsSearchParams } from "./search-params";
import { prefetchStatusAndLatestRun } from "@/app/(dashboard)/prefetch";

export const metadata: Metadata = { title: "Collection runs" };
export const dynamic = "force-dynamic";

// The page offers fewer list lengths than the API takes (1 to 200): its own contract.
const RunsPageQuery = z.object({
  limit: z.coerce
    .number()
    .refine((value) => (RUN_LIST_LIMITS as readonly number[]).includes(value), {
      error: `must be one of ${RUN_LIST_LIMITS.join(", ")}`,
    })
    .optional(),
});

export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(RunsPageQuery, raw, { keys: Object.keys(runsSearchParams) });
  if (problems.length > 0) {
    return <UrlProblems title="Collection runs" pathname="/runs" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const { limit } = await loadRunsSearchParams(searchParams);
  const queryClient = new QueryClient();
  const app = getAppContext();
  await Promise.all([
    prefetchStatusAndLatestRun(queryClient, app),
    queryClient.prefetchQuery({
      queryKey: queryKeys.runs(limit),
      queryFn: async () => listRuns((await app).db.prisma, limit),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunsClient renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
