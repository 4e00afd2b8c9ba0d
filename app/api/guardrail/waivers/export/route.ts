import { listWaivers, WaiverQuery, waiversCsv } from "@/lib/db/guard-waivers";
import { csvResponse } from "@/lib/http/csv-response";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = WaiverQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  return csvResponse(waiversCsv(await listWaivers(runtime.collector.db.prisma, query)), "guardrail-waivers.csv");
});
