import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listWebhooksFor } from "@/lib/alerts/manage-webhooks";
import { requestIdentity } from "@/lib/auth/identity";
import { AlertsQuery, listAlerts } from "@/lib/db/alerts";
import { hasRole } from "@/lib/domain/roles";
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
  const db = (await getRuntime()).collector.db;
  // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
  if (query.success) {
    await queryClient.prefetchQuery({
      queryKey: alertQueryKeys.alerts(listQuery),
      queryFn: () => listAlerts(db.prisma, query.data),
    });
  }
  // Webhook URLs are credentials: only operators and admins list them (the section shows viewers why not).
  const { actor } = await requestIdentity();
  if (actor && hasRole(actor.role, "operator")) {
    await queryClient.prefetchQuery({
      queryKey: alertQueryKeys.webhooks,
      queryFn: () => listWebhooksFor({ ctx: { db, actor } }),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AlertsClient />
    </HydrationBoundary>
  );
}
