import { checkDatabase } from "@/lib/db/conn/health";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * For load balancers and process managers: public (no session) and exempt from the host check,
 * so it says nothing but "ok" and whether the database answers (503 when it does not).
 */
export const GET = publicRoute(async () => {
  const database = await checkDatabase();
  return Response.json(
    { ok: database === "reachable", database },
    { status: database === "reachable" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
