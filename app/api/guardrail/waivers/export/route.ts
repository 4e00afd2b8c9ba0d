import { listWaivers, WaiverQuery, waiversCsv } from "@/lib/db/guard-waivers";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = WaiverQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  return new Response(waiversCsv(await listWaivers(runtime.collector.db.prisma, query)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="guardrail-waivers.csv"`,
      "cache-control": "no-store",
    },
  });
});
