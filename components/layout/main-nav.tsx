"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/instances", label: "Instances" },
  { href: "/regions", label: "Regions" },
  { href: "/runs", label: "Collection runs" },
  { href: "/audit", label: "Audit" },
  { href: "/guardrail", label: "Guardrail" },
] as const;

const isCurrent = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

const ADMIN_ITEM = { href: "/admin", label: "Admin" } as const;

/** The main sections (Admin for admins); the current one is marked for screen readers and styled. */
export function MainNav({ admin }: { admin: boolean }) {
  const pathname = usePathname() ?? "/";
  const items = admin ? [...NAV_ITEMS, ADMIN_ITEM] : NAV_ITEMS;
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(pathname, item.href) ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
