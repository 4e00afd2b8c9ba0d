import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { listReports } from "@/lib/db/reports";
import { getRuntime } from "@/lib/runtime";
import { queryKeys } from "../../_lib/api-client";
import { ReportsClient } from "./client";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    queryKey: queryKeys.reports,
    queryFn: async () => listReports((await getRuntime()).collector.db.prisma),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ReportsClient renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
