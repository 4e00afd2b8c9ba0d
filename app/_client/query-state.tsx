"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "./error-alert";

/**
 * A query's three states in one place: its error (with the API's code and a retry), `loading` until
 * data arrives, then `children(data)`. A refetch that fails after data arrived shows the error.
 */
export function QueryState<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  loading: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <>{loading}</>;
  return <>{children(query.data)}</>;
}
