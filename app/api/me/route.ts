import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Who the caller is: `{ id, name, role, kind }` (401 when sign-in is on and they have no session). */
export const GET = route(async (_request, { actor }) =>
  Response.json(actor, { headers: { "cache-control": "no-store" } }),
);
