import { liveScope, type LiveContext, type LiveFacts } from "@/lib/terraform-guard/live";
import type { PlanModel } from "@/lib/terraform-guard/model";
import type { Waiver } from "@/lib/terraform-guard/waivers";
import { listActiveWaivers } from "@/lib/db/write/guard-waivers";
import type { Db } from "@/lib/db/conn/types";

// The collected facts the guardrail's live context reads: each account-region's IMDS default
// (only where collected) and the AMIs' ImdsSupport, for the regions and AMIs a plan names.

/** `scope` as liveScope gives it: distinct regions and AMI ids. */
export async function loadLiveFacts(db: Db, scope: ReturnType<typeof liveScope>): Promise<LiveFacts> {
  const { regions, imageIds } = scope;
  const [cells, images] = await Promise.all([
    regions.length === 0
      ? []
      : db.region.findMany({
          where: { name: { in: regions }, defaultsCollectedAt: { not: null } },
          select: { accountId: true, name: true, httpTokens: true },
          orderBy: [{ accountId: "asc" }, { name: "asc" }],
        }),
    imageIds.length === 0 || regions.length === 0
      ? []
      : db.image.findMany({
          where: { imageId: { in: imageIds }, region: { in: regions } },
          select: { accountId: true, region: true, imageId: true, imdsSupport: true },
          orderBy: [{ accountId: "asc" }, { region: "asc" }, { imageId: "asc" }],
        }),
  ]);
  return {
    regionDefaults: cells.map((cell) => ({
      accountId: cell.accountId,
      region: cell.name,
      httpTokens: cell.httpTokens,
    })),
    images,
  };
}

/**
 * What a plan's evaluation takes from the database, for the Guardrail page and `imds-guard --live`
 * / `--waivers db`: the active waivers when `waivers` is "db" (else the ones given), and when `live`,
 * the live context for the plan's regions and AMIs (only `accountId`'s defaults, when set).
 */
export async function loadGuardOptions(
  db: Db,
  request: {
    model: PlanModel;
    waivers: "db" | readonly Waiver[];
    live: boolean;
    accountId: string | null;
    now?: Date;
  },
): Promise<{ waivers: readonly Waiver[]; live: LiveContext | null }> {
  const [waivers, facts] = await Promise.all([
    request.waivers === "db" ? listActiveWaivers(db, request.now) : request.waivers,
    request.live ? loadLiveFacts(db, liveScope(request.model.resources)) : null,
  ]);
  return { waivers, live: facts ? { facts, accountId: request.accountId } : null };
}
