import { markWaiverRevoked, type WaiverRecord } from "@/lib/db/write/guard-waivers";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import type { WaiverContext } from "./context";
import { RevokeWaiverInput } from "@/lib/contracts/waiver-input";

/** Ends a waiver now (kept, marked revoked); audited as guard-waiver.revoke. */
export async function revokeWaiver({ ctx, input }: { ctx: WaiverContext; input: unknown }): Promise<WaiverRecord> {
  const { id } = RevokeWaiverInput.parse(input);
  requireRole(ctx.actor, "operator");
  const result = await markWaiverRevoked(ctx.db, id, ctx.actor, new Date((ctx.now ?? Date.now)()));
  if (result === null) throw new AppError("NotFound", `Waiver ${id} does not exist`);
  if (result === "already") throw new AppError("Conflict", `Waiver ${id} is already revoked`);
  return result;
}
