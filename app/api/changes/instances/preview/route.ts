import { previewInstanceEnforcement } from "@/lib/changes/preview-instance-enforcement";
import { mutation, readJson } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// A POST (it carries the selection) behind the mutation wrapper: only those who may change see the preview.
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await previewInstanceEnforcement({ ctx, input }));
});
