"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import type { Identity } from "@/lib/http/identity";
import { SiteHeader } from "@/components/layout/site-header";
import { useHydrated } from "@/components/layout/use-hydrated";
import { ApiError } from "@/app/_client/api";
import { statusQuery } from "@/app/_client/queries";
import { formatAgo } from "./_client/format";
import { useNow } from "./_client/use-now";

/**
 * The header subscribes to the status query only after hydration. Subscribing earlier creates a
 * pending cache entry before the page's HydrationBoundary renders; the boundary then defers that
 * query's server data to an effect, and the page's first client render no longer matches the
 * server's HTML (React error #418), depending on streaming order.
 */
export function StatusHeader({ identity }: { identity: Identity }) {
  const hydrated = useHydrated();
  // A shared report (/r/<token>) stands alone: no navigation into the dashboard, no live status.
  const sharedReport = usePathname().startsWith("/r/");
  if (sharedReport) return null;
  // Anonymous visitors (sign-in on, no session) get no status: the API would answer 401.
  const live = hydrated && identity.actor !== null;
  return live ? (
    <LiveStatusHeader identity={identity} />
  ) : (
    <SiteHeader source={null} freshness={null} problem={null} identity={identity} />
  );
}

function LiveStatusHeader({ identity }: { identity: Identity }) {
  const status = useQuery(statusQuery());
  const now = useNow();
  const data = status.data;
  const freshness = data
    ? data.lastSuccessfulRunAt
      ? `collected ${formatAgo(data.lastSuccessfulRunAt, now)}`
      : "never collected"
    : null;
  const problem =
    status.error && !data
      ? `Status unavailable (${status.error instanceof ApiError ? status.error.code : "Error"})`
      : null;
  return (
    <SiteHeader
      source={data ? { mode: data.mode, label: data.modeLabel } : null}
      freshness={freshness}
      problem={problem}
      identity={identity}
    />
  );
}
