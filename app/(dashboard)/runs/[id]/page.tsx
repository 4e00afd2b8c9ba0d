import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getStatus } from "@/lib/collector/get-status";
import { getRun } from "@/lib/db/runs";
import { AppError } from "@/lib/http/app-error";
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
  // Fetched before anything streams, so a missing run answers HTTP 404 (no loading.tsx may wrap
  // this page: its Suspense boundary would send 200 first).
  const [, run] = await Promise.all([
    queryClient.prefetchQuery({
      queryKey: queryKeys.status,
      queryFn: async () => cachedRead(await runtime, readKey("status"), getStatus),
    }),
    queryClient
      .fetchQuery({
        queryKey: queryKeys.run(runId),
        queryFn: async () => getRun((await runtime).collector.db.prisma, runId),
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
