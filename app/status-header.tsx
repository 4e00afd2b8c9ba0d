"use client";

import { useQuery } from "@tanstack/react-query";
import { SiteHeader } from "@/components/layout/site-header";
import { ApiError } from "./_lib/api-client";
import { formatAgo } from "./_lib/format";
import { statusQuery } from "./_lib/queries";
import { useNow } from "./_lib/use-now";

export function StatusHeader() {
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
    />
  );
}
