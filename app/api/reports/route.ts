import { getStatus } from "@/lib/collector/get-status";
import { listReports } from "@/lib/db/write/reports";
import { mutation, readJson, route } from "@/lib/http/route";
import { createReport } from "@/lib/reports/create-report";
import { getAppContext, reportContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const app = await getAppContext();
  return Response.json({ reports: await listReports(app.db.prisma) });
});

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const app = await getAppContext();
  const { modeLabel } = await getStatus(app);
  return Response.json(await createReport({ ctx: reportContext(app, actor, modeLabel), input }), { status: 201 });
});
