import { getStatus } from "@/lib/collector/get-status";
import { route } from "@/lib/http/route";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = route(async () => Response.json(await getStatus(await getRuntime())));
