import { previewUndo } from "@/lib/changes/preview-undo";
import { mutation } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// A POST behind the mutation wrapper, like the forward previews: it calls AWS (live reads and
// DryRuns), and only those who may undo see what undoing would do.
export const POST = mutation<{ changeId: string }>(async (_request, { params, actor }) => {
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await previewUndo({ ctx, input: { changeId: params.changeId } }));
});
