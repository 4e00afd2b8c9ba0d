import type { LiveFacts } from "@/lib/guard/live";
import type { Db } from "./types";

// The collected facts the guardrail's live context reads: each account-region's IMDS default
// (only where collected) and the AMIs' ImdsSupport, for the regions and AMIs a plan names.

export async function loadLiveFacts(db: Db, scope: { regions: string[]; imageIds: string[] }): Promise<LiveFacts> {
  const regions = [...new Set(scope.regions)];
  const imageIds = [...new Set(scope.imageIds)];
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
    images: images.map((image) => ({ ...image })),
  };
}
