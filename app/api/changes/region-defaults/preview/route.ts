import { previewRegionDefaults } from "@/lib/changes/preview-region-defaults";
import { mutation, readJson } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

// A POST (it carries the selection) behind the mutation wrapper: only those who may change see the impact.
export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await previewRegionDefaults({ ctx, input }));
});
