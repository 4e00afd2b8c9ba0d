import { revokeWaiver } from "@/lib/waivers/revoke-waiver";
import { mutation } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const app = await getAppContext();
  return Response.json({
    waiver: await revokeWaiver({ ctx: { db: app.db.prisma, actor }, input: { id: params.id } }),
  });
});
