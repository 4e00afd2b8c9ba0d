import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getInstanceDetail, type InstanceDetail } from "@/lib/db/read/instance-detail";
import { INSTANCE_ID_PATTERN } from "@/lib/contracts/query-params";
import { AppError } from "@/lib/core/app-error";
import { getAppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";
import { InstanceDetailClient } from "./client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Instance ${id}` };
}

// No loading.tsx may wrap this page (the overview's and the list's sit in route groups): its
// Suspense boundary would start a 200 response before notFound() below could make it a 404.
export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!INSTANCE_ID_PATTERN.test(id)) notFound();

  // Prefetched with the function the API route calls. An unknown id is a 404 page; any other
  // failure is left to the client, which asks the API and shows the error code.
  let detail: InstanceDetail | null = null;
  let missing = false;
  try {
    const app = await getAppContext();
    detail = await getInstanceDetail(app.db.raw, id, {
      now: Date.now(),
      windowDays: app.settings.readinessWindowDays,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NotFound") missing = true;
    else console.error(`[instances] prefetching ${id} failed:`, error);
  }
  if (missing) notFound();

  const queryClient = new QueryClient();
  if (detail) queryClient.setQueryData(queryKeys.instance(id), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <InstanceDetailClient id={id} />
    </HydrationBoundary>
  );
}
