import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { SearchParams } from "nuqs/server";
import { z } from "zod";
import { UNIT_STATUSES } from "@/lib/domain/collection-run";
import { UrlProblems } from "@/components/ui/url-problems";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { getStatus } from "@/lib/collector/get-status";
import { getRun } from "@/lib/db/write/runs";
import { AppError } from "@/lib/core/app-error";
import { readKey } from "@/lib/core/read-cache";
import { cachedRead, getAppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";
import { RunDetailClient } from "./client";
import { runSearchParams } from "./search-params";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Collection run #${(await params).id}` };
}

// The outcome filter is the page's own (the run's API returns every outcome).
const RunPageQuery = z.object({
  status: z.enum(UNIT_STATUSES, { error: `must be one of ${UNIT_STATUSES.join(", ")}` }).optional(),
});

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const runId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
  if (runId === null) notFound();
  const raw = await searchParams;
  const problems = await findUrlProblems(RunPageQuery, raw, { keys: Object.keys(runSearchParams) });
  if (problems.length > 0) {
    return (
      <UrlProblems
        title={`Collection run #${runId}`}
        pathname={`/runs/${runId}`}
        search={toUrlSearchParams(raw)}
        problems={problems}
      />
    );
  }
  const queryClient = new QueryClient();
  const app = getAppContext();
  // Fetched before anything streams, so a missing run answers HTTP 404 (no loading.tsx may wrap
  // this page: its Suspense boundary would send 200 first).
  const [, run] = await Promise.all([
    queryClient.prefetchQuery({
      queryKey: queryKeys.status,
      queryFn: async () => cachedRead(await app, readKey("status"), getStatus),
    }),
    queryClient
      .fetchQuery({
        queryKey: queryKeys.run(runId),
        queryFn: async () => getRun((await app).db.prisma, runId),
      })
      .then(
        () => null,
        (error: unknown) => error,
      ),
  ]);
  if (run instanceof AppError && run.code === "NotFound") notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunDetailClient runId={runId} renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
