import { z } from "zod";
import { listRuns } from "@/lib/db/runs";
import { startCollection } from "@/lib/collector/start-collection";
import { mutation, route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

const ListRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export const GET = route(async (request) => {
  const { limit } = ListRunsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  return Response.json({ runs: await listRuns(runtime.collector.db.prisma, limit) });
});

// Starting a run changes what everyone sees: same-origin and operator or admin, like every change.
export const POST = mutation(async () => {
  const runtime = await getRuntime();
  const run = await startCollection(runtime.collector, "api");
  return Response.json({ run }, { status: 202 });
});
