import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getStatus } from "@/lib/collector/get-status";
import { getRun } from "@/lib/db/runs";
import { readKey } from "@/lib/http/read-cache";
import { cachedRead, getRuntime } from "@/lib/runtime";
import { queryKeys } from "../../../_lib/api-client";
import { RunDetailClient } from "./client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Collection run #${(await params).id}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const runId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
  if (runId === null) notFound();
  const queryClient = new QueryClient();
  const runtime = getRuntime();
  // A missing run is not prefetched: the client asks the API and shows its NotFound code and message.
  await Promise.all([
    queryClient.prefetchQuery({
      queryKey: queryKeys.status,
      queryFn: async () => cachedRead(await runtime, readKey("status"), getStatus),
    }),
    queryClient.prefetchQuery({
      queryKey: queryKeys.run(runId),
      queryFn: async () => getRun((await runtime).collector.db.prisma, runId),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunDetailClient runId={runId} renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
