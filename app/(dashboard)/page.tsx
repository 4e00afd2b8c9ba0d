import type { Metadata } from "next";
import { Suspense } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { OverviewClient } from "./client";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  // The client reads ?status and ?run through nuqs (search-params.ts); the boundary lets the
  // static shell render while the URL is read in the browser.
  return (
    <Suspense fallback={<Skeleton lines={4} label="Loading the overview" />}>
      <OverviewClient />
    </Suspense>
  );
}
