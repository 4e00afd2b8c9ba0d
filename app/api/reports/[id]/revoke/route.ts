import { mutation } from "@/lib/http/route";
import { revokeReport } from "@/lib/reports/revoke-report";
import { getAppContext, reportContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const app = await getAppContext();
  const report = await revokeReport({ ctx: reportContext(app, actor, ""), input: { id: params.id } });
  return Response.json({ report });
});
