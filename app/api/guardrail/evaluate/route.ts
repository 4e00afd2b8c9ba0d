import { evaluatePlan } from "@/lib/waivers/evaluate-plan";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// A POST because plans are large, but it only reads: every signed-in role may evaluate (viewers
// included), so it is route(), not mutation(); the same-origin check still applies.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request);
  const app = await getAppContext();
  return Response.json(await evaluatePlan({ ctx: { db: app.db.prisma }, input }), {
    headers: { "cache-control": "no-store" },
  });
});
