import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { requestIdentity } from "@/lib/http/identity";

// With sign-in on, every dashboard page needs a session: anonymous visitors go to /sign-in.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const identity = await requestIdentity();
  if (!identity.actor) redirect("/sign-in");
  return children;
}
