import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and process managers: answers without touching the database. */
export const GET = route(async () => Response.json({ ok: true }));
