import { z } from "zod";
import { getInstanceDetail } from "@/lib/db/read/instance-detail";
import { INSTANCE_ID_PATTERN } from "@/lib/contracts/query-params";
import { route } from "@/lib/http/route";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

const InstanceParams = z.object({
  id: z.string().regex(INSTANCE_ID_PATTERN, { error: "must be an EC2 instance id like i-0123456789abcdef0" }),
});

export const GET = route<{ id: string }>(async (_request, { params }) => {
  const { id } = InstanceParams.parse(params);
  const app = await getAppContext();
  const detail = await getInstanceDetail(app.db.raw, id, {
    now: Date.now(),
    windowDays: app.settings.readinessWindowDays,
  });
  return Response.json({ instance: detail });
});
