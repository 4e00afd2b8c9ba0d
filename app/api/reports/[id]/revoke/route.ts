import { mutation } from "@/lib/http/route";
import { revokeReport } from "@/lib/reports/revoke-report";
import { getRuntime, reportContext } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const runtime = await getRuntime();
  const report = await revokeReport({ ctx: reportContext(runtime, actor, ""), input: { id: params.id } });
  return Response.json({ report });
});
