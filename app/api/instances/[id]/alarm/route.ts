import { createRejectedAlarm, getRejectedAlarmStatus } from "@/lib/changes/create-rejected-alarm";
import { mutation, route } from "@/lib/http/route";
import { changeContext, getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** Whether the instance's MetadataNoTokenRejected alarm exists (DescribeAlarms) and could be made. */
export const GET = route<{ id: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getRuntime(), actor);
  return Response.json(await getRejectedAlarmStatus({ ctx, input: { instanceId: params.id } }), {
    headers: { "cache-control": "no-store" },
  });
});

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getRuntime(), actor);
  return Response.json(await createRejectedAlarm({ ctx, input: { instanceId: params.id } }));
});
