import { applyRegionDefaults } from "@/lib/changes/apply-region-defaults";
import { mutation, readJson } from "@/lib/http/route";
import { changeContext, getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const ctx = changeContext(await getAppContext(), actor);
  return Response.json(await applyRegionDefaults({ ctx, input }));
});
