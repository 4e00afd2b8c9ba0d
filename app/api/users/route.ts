import { listUserRoles } from "@/lib/auth/users";
import { requireRole } from "@/lib/core/actor";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Everyone who has signed in and their current role: admins only. */
export const GET = route(async (_request, { actor }) => {
  requireRole(actor, "admin");
  return Response.json(await listUserRoles(), { headers: { "cache-control": "no-store" } });
});
