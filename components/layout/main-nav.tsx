"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { listAlertsPage } from "@/app/(dashboard)/alerts/queries";
import { queryKeys } from "@/app/_client/query-keys";
import { usePathname } from "next/navigation";

export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/instances", label: "Instances" },
  { href: "/regions", label: "Regions" },
  { href: "/runs", label: "Collection runs" },
  { href: "/alerts", label: "Alerts" },
  { href: "/audit", label: "Audit" },
  { href: "/reports", label: "Reports" },
  { href: "/guardrail", label: "Guardrail" },
] as const;

const isCurrent = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

const ADMIN_ITEM = { href: "/admin", label: "Admin" } as const;

/** The main sections (Admin for admins); the current one is marked for screen readers and styled. */
function useOpenAlerts(): number | null {
  const count = useQuery({
    queryKey: queryKeys.alertCount,
    queryFn: () => listAlertsPage("state=open&limit=1").then((page) => page.openUnacknowledged),
    refetchInterval: 60_000,
    retry: false,
  });
  return count.data ?? null;
}

export function MainNav({ admin }: { admin: boolean }) {
  const pathname = usePathname() ?? "/";
  const openAlerts = useOpenAlerts();
  const items = admin ? [...NAV_ITEMS, ADMIN_ITEM] : NAV_ITEMS;
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(pathname, item.href) ? "page" : undefined}>
              {item.label}
              {item.href === "/alerts" && openAlerts ? (
                <span
                  className="badge badge-danger nav-count"
                  data-testid="nav-alert-count"
                  title={`${openAlerts} open alerts nobody acknowledged`}
                >
                  {openAlerts}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
