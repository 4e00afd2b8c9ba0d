import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { getOverview } from "@/lib/db/read/overview";
import { OverviewQuery } from "@/lib/contracts/overview-query";
import { readKey } from "@/lib/core/read-cache";
import { findUrlProblems, toUrlSearchParams } from "@/lib/http/url-checks";
import { UrlProblems } from "@/components/ui/url-problems";
import { cachedRead, getAppContext } from "@/lib/app-context";
import { queryKeys } from "@/app/_client/query-keys";
import { OverviewClient } from "./client";
import { loadOverviewSearchParams, overviewSearchParams } from "./search-params";
import { prefetchStatusAndLatestRun } from "@/app/(dashboard)/prefetch";

export const metadata: Metadata = { title: "Overview" };
// Reads the live database on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const problems = await findUrlProblems(OverviewQuery, raw, {
    keys: Object.keys(overviewSearchParams),
    regions: true,
  });
  if (problems.length > 0) {
    return <UrlProblems title="Overview" pathname="/" search={toUrlSearchParams(raw)} problems={problems} />;
  }
  const filters = await loadOverviewSearchParams(searchParams);
  // Prefetch what the first paint needs with the same functions the API routes call. A failed
  // prefetch (e.g. a malformed account in the URL) is simply not sent: the client then asks the
  // API and shows its error code.
  const queryClient = new QueryClient();
  const app = getAppContext();
  const overview = OverviewQuery.safeParse(filters);
  await Promise.all([
    prefetchStatusAndLatestRun(queryClient, app),
    overview.success
      ? queryClient.prefetchQuery({
          queryKey: queryKeys.overview(filters),
          queryFn: async () =>
            cachedRead(await app, readKey("overview", overview.data), (r) =>
              getOverview(r.db.prisma, overview.data, {
                windowDays: r.settings.readinessWindowDays,
              }),
            ),
        })
      : null,
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OverviewClient renderedAt={Date.now()} />
    </HydrationBoundary>
  );
}
