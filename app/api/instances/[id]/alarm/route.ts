import { createRejectedAlarm, getRejectedAlarmStatus } from "@/lib/changes/create-rejected-alarm";
import { removeRejectedAlarm } from "@/lib/changes/remove-rejected-alarm";
import { mutation, route } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/** Whether the instance's MetadataNoTokenRejected alarm exists (DescribeAlarms) and could be made. */
export const GET = route<{ id: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await getRejectedAlarmStatus({ ctx, input: { instanceId: params.id } }), {
    headers: { "cache-control": "no-store" },
  });
});

export const POST = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await createRejectedAlarm({ ctx, input: { instanceId: params.id } }));
});

/** Removes the alarm this dashboard created (operator, same-origin, audited; CloudWatch has no DryRun). */
export const DELETE = mutation<{ id: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await removeRejectedAlarm({ ctx, input: { instanceId: params.id } }));
});
