import { listWaivers } from "@/lib/db/write/guard-waivers";
import { WaiverQuery } from "@/lib/contracts/waiver-query";
import { createWaiver } from "@/lib/waivers/create-waiver";
import { mutation, readJson, route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = WaiverQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  return Response.json(
    { waivers: await listWaivers(app.db.prisma, query) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const app = await getAppContext();
  return Response.json({ waiver: await createWaiver({ ctx: { db: app.db.prisma, actor }, input }) }, { status: 201 });
});
