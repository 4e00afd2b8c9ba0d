import { applyInstanceEnforcement } from "@/lib/changes/enforce-instances";
import { mutation, readJson } from "@/lib/http/route";
import { changeContext, getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const POST = mutation(async (request, { actor }) => {
  const input = await readJson(request);
  const ctx = changeContext(await getRuntime(), actor);
  return Response.json(await applyInstanceEnforcement({ ctx, input }));
});
