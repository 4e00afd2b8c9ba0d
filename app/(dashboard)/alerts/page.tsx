import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { AlertsQuery, listAlerts } from "@/lib/db/alerts";
import { listWebhooks } from "@/lib/db/webhooks";
import { getRuntime } from "@/lib/runtime";
import { alertQueryKeys } from "../../_lib/api-client";
import { AlertsClient } from "./client";
import { alertsListQuery, loadAlertsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadAlertsSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = alertsListQuery(view);
  const query = AlertsQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  const prisma = (await getRuntime()).collector.db.prisma;
  // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
  if (query.success) {
    await queryClient.prefetchQuery({
      queryKey: alertQueryKeys.alerts(listQuery),
      queryFn: () => listAlerts(prisma, query.data),
    });
  }
  await queryClient.prefetchQuery({ queryKey: alertQueryKeys.webhooks, queryFn: () => listWebhooks(prisma) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AlertsClient />
    </HydrationBoundary>
  );
}
