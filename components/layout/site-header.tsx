"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { MainNav } from "./main-nav";
import { useHydrated } from "./use-hydrated";

/**
 * The bar on every page: product name, the main sections, where the data comes from (simulator or which AWS
 * accounts) and how fresh it is. `source` is null while the status is loading or failed.
 */
export function SiteHeader({
  source,
  freshness,
  problem,
}: {
  source: { mode: "simulator" | "aws"; label: string } | null;
  freshness: string | null;
  problem: string | null;
}) {
  const hydrated = useHydrated();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="product-name">
          IMDSv2 migration dashboard
        </Link>
        <MainNav />
        <div className="site-header-status" aria-live="polite">
          {!hydrated ? null : source ? (
            <Badge tone={source.mode === "simulator" ? "warning" : "info"} title="Data source">
              <span data-testid="mode-badge">{source.label}</span>
            </Badge>
          ) : null}
          {hydrated && freshness ? (
            <span className="freshness" data-testid="freshness">
              {freshness}
            </span>
          ) : null}
          {hydrated && problem ? <span className="header-problem">{problem}</span> : null}
        </div>
      </div>
    </header>
  );
}
