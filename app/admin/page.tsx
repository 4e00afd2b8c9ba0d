import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { requestIdentity } from "@/lib/http/identity";
import { listUserRoles } from "@/lib/auth/users";
import { hasRole } from "@/lib/domain/roles";
import { queryKeys } from "@/app/_client/query-keys";
import { AdminClient } from "./client";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/**
 * Who has signed in and their role: admins only (403 for everyone else). Outside (dashboard), whose
 * loading boundary would send 200 before the role check could answer 403.
 */
export default async function AdminPage() {
  const identity = await requestIdentity();
  if (!identity.actor) redirect("/sign-in");
  if (!hasRole(identity.actor.role, "admin")) forbidden();
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: queryKeys.users, queryFn: listUserRoles });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AdminClient />
    </HydrationBoundary>
  );
}
