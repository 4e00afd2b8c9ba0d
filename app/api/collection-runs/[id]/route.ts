import { z } from "zod";
import { getRun } from "@/lib/db/runs";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

const RunParams = z.object({ id: z.coerce.number().int().positive({ error: "must be a run number like 12" }) });

export const GET = route<{ id: string }>(async (_request, { params }) => {
  const { id } = RunParams.parse(params);
  const runtime = await getRuntime();
  return Response.json({ run: await getRun(runtime.collector.db.prisma, id) });
});
