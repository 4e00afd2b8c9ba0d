import { listWaivers, WaiverQuery } from "@/lib/db/guard-waivers";
import { createWaiver } from "@/lib/waivers/create-waiver";
import { mutation, readJson, route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = WaiverQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  return Response.json(
    { waivers: await listWaivers(runtime.collector.db.prisma, query) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const runtime = await getRuntime();
  return Response.json(
    { waiver: await createWaiver({ ctx: { db: runtime.collector.db.prisma, actor }, input }) },
    { status: 201 },
  );
});
