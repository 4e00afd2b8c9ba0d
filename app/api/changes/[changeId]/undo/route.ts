import { undoChange } from "@/lib/changes/undo-change";
import { mutation } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const POST = mutation<{ changeId: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await undoChange({ ctx, input: { changeId: params.changeId } }));
});
