import { z } from "zod";
import { listRuns } from "@/lib/db/write/runs";
import { startCollection } from "@/lib/collector/start-collection";
import { mutation, route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

const ListRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export const GET = route(async (request) => {
  const { limit } = ListRunsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  return Response.json({ runs: await listRuns(app.db.prisma, limit) });
});

// Starting a run changes what everyone sees: same-origin and operator or admin, like every change.
export const POST = mutation(async () => {
  const app = await getAppContext();
  const run = await startCollection(app, "api");
  return Response.json({ run }, { status: 202 });
});
