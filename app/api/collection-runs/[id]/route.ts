import { z } from "zod";
import { getRun } from "@/lib/db/write/runs";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

const RunParams = z.object({ id: z.coerce.number().int().positive({ error: "must be a run number like 12" }) });

export const GET = route<{ id: string }>(async (_request, { params }) => {
  const { id } = RunParams.parse(params);
  const app = await getAppContext();
  return Response.json({ run: await getRun(app.db.prisma, id) });
});
