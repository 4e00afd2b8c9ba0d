import { AuditQuery, listAuditEntries } from "@/lib/db/audit";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// Not behind the read cache: the audit trail changes with every change, not with collections.
export const GET = route(async (request) => {
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runtime = await getRuntime();
  await requireKnownRegions(runtime, query.region);
  return Response.json(await listAuditEntries(runtime.collector.db.prisma, query), {
    headers: { "cache-control": "no-store" },
  });
});
