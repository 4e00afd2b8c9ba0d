import { listInstanceFacets } from "@/lib/db/instance-list";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** The accounts, regions, teams and states the instance filters offer. */
export const GET = route(async () => {
  const runtime = await getRuntime();
  return Response.json(await listInstanceFacets(runtime.collector.db.raw));
});
