"use client";

import Link from "next/link";
import type { Identity } from "@/lib/http/identity";
import { Badge } from "@/components/ui/badge";
import { IdentityBar } from "./identity-bar";
import { MainNav } from "./main-nav";
import { useHydrated } from "./use-hydrated";

/**
 * The bar on every page: product name, the main sections, where the data comes from (simulator or which AWS
 * accounts), how fresh it is, and who you are. `source` is null while the status is loading or failed.
 */
export function SiteHeader({
  source,
  freshness,
  problem,
  identity,
}: {
  source: { mode: "simulator" | "aws"; label: string } | null;
  freshness: string | null;
  problem: string | null;
  identity: Identity;
}) {
  const hydrated = useHydrated();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        {/* One line: the name and the sections. Status and identity sit on a thin row below, so the
            navigation never wraps at 1024 px and wider. */}
        <div className="site-header-main">
          <Link href="/" className="product-name">
            IMDSv2 migration<span className="product-name-tail"> dashboard</span>
          </Link>
          <MainNav admin={identity.mode === "oidc" && identity.actor?.role === "admin"} />
        </div>
        <div className="site-header-meta">
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
          <IdentityBar identity={identity} />
        </div>
      </div>
    </header>
  );
}
