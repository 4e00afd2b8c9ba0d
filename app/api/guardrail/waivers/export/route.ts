import { listWaivers, waiversCsv } from "@/lib/db/write/guard-waivers";
import { WaiverQuery } from "@/lib/contracts/waiver-query";
import { csvResponse } from "@/lib/http/csv-response";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = WaiverQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  return csvResponse(waiversCsv(await listWaivers(app.db.prisma, query)), "guardrail-waivers.csv");
});
