import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { getStatus } from "@/lib/collector/get-status";
import { getRun, listRuns } from "@/lib/db/write/runs";
import { readKey } from "@/lib/core/read-cache";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { cachedRead, getAppContext } from "@/lib/app-context";
import { UrlProblems } from "@/components/ui/url-problems";
import { z } from "zod";
import { queryKeys } from "@/app/_client/query-keys";
import { RunsClient } from "./client";
import { loadRunsSearchParams, RUN_LIST_LIMITS, runsSearchParams } from "./search-params";

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
  const status = queryClient.fetchQuery({
    queryKey: queryKeys.status,
    queryFn: async () => cachedRead(await app, readKey("status"), getStatus),
  });
  const runId = (await status.catch(() => null))?.lastRun?.id ?? null;
  await Promise.all([
    status.catch(() => null),
    queryClient.prefetchQuery({
      queryKey: queryKeys.runs(limit),
      queryFn: async () => listRuns((await app).db.prisma, limit),
    }),
    runId === null
      ? null
      : queryClient.prefetchQuery({
          queryKey: queryKeys.run(runId),
          queryFn: async () => getRun((await app).db.prisma, runId),
        }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunsClient renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
