import { listAuditEntries } from "@/lib/db/write/audit";
import { AuditQuery } from "@/lib/contracts/audit-query";
import { route } from "@/lib/http/route";
import { requireKnownRegions } from "@/lib/http/url-checks";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// Not behind the read cache: the audit trail changes with every change, not with collections.
export const GET = route(async (request) => {
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const app = await getAppContext();
  await requireKnownRegions(app, query.region);
  return Response.json(await listAuditEntries(app.db.prisma, query), {
    headers: { "cache-control": "no-store" },
  });
});
