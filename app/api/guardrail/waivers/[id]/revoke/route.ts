import { revokeWaiver } from "@/lib/waivers/revoke-waiver";
import { mutation } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const runtime = await getRuntime();
  return Response.json({
    waiver: await revokeWaiver({ ctx: { db: runtime.collector.db.prisma, actor }, input: { id: params.id } }),
  });
});
