import { getStatus } from "@/lib/collector/get-status";
import { listReports } from "@/lib/db/reports";
import { mutation, readJson, route } from "@/lib/http/route";
import { createReport } from "@/lib/reports/create-report";
import { getRuntime, reportContext } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const runtime = await getRuntime();
  return Response.json({ reports: await listReports(runtime.collector.db.prisma) });
});

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const runtime = await getRuntime();
  const { modeLabel } = await getStatus(runtime);
  return Response.json(await createReport({ ctx: reportContext(runtime, actor, modeLabel), input }), { status: 201 });
});
