"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { config as zodConfig } from "zod/v4/core";
import type { Identity } from "@/lib/http/identity";
import { ApiError } from "@/app/_client/api";
import { IdentityProvider } from "./_client/identity";

// Zod probes `new Function` to decide whether to compile parsers; under our CSP (no unsafe-eval)
// that probe is a logged violation. Interpreted parsing is plenty for the browser's schemas.
zodConfig({ jitless: true });

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx answer will not change by asking again; network blips and 5xx get two retries.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // Keep server renders isolated; reuse one client in the browser across renders.
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ identity, children }: { identity: Identity; children: ReactNode }) {
  return (
    <IdentityProvider identity={identity}>
      <QueryClientProvider client={getQueryClient()}>
        <NuqsAdapter>{children}</NuqsAdapter>
      </QueryClientProvider>
    </IdentityProvider>
  );
}
