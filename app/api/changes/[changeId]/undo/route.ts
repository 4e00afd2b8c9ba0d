import { undoChange } from "@/lib/changes/undo-change";
import { mutation } from "@/lib/http/route";
import { changeContext, getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const POST = mutation<{ changeId: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getRuntime(), actor);
  return Response.json(await undoChange({ ctx, input: { changeId: params.changeId } }));
});
