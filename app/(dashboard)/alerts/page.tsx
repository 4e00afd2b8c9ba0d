import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { listWebhooksFor } from "@/lib/alerts/manage-webhooks";
import { requestIdentity } from "@/lib/http/identity";
import { AlertsQuery, listAlerts } from "@/lib/db/write/alerts";
import { hasRole } from "@/lib/domain/roles";
import { env } from "@/lib/env";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";
import { UrlProblems } from "@/components/ui/url-problems";
import { queryKeys } from "@/app/_client/query-keys";
import { prefetchFilterOptions } from "@/app/(dashboard)/prefetch";
import { AlertsClient } from "./client";
import { alertsListQuery, alertsSearchParams, loadAlertsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(AlertsQuery, raw, { keys: Object.keys(alertsSearchParams), regions: true });
  if (problems.length > 0) {
    return <UrlProblems title="Alerts" pathname="/alerts" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const view = await loadAlertsSearchParams(searchParams);
  const queryClient = new QueryClient();
  const listQuery = alertsListQuery(view);
  const query = AlertsQuery.safeParse(Object.fromEntries(new URLSearchParams(listQuery)));
  const app = getAppContext();
  const db = (await app).db;
  await Promise.all([
    // An invalid filter is not prefetched: the client asks the API and shows its 422 message.
    query.success
      ? queryClient.prefetchQuery({
          queryKey: queryKeys.alerts(listQuery),
          queryFn: () => listAlerts(db.prisma, query.data),
        })
      : null,
    prefetchFilterOptions(queryClient, app),
  ]);
  // Webhook URLs are credentials: only operators and admins list them (the section shows viewers why not).
  const { actor } = await requestIdentity();
  if (actor && hasRole(actor.role, "operator")) {
    await queryClient.prefetchQuery({
      queryKey: queryKeys.webhooks,
      queryFn: () => listWebhooksFor({ ctx: { db, actor } }),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AlertsClient rejectedWindowHours={env().ALERT_REJECTED_WINDOW_HOURS} />
    </HydrationBoundary>
  );
}
