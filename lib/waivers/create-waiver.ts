import { insertWaiver, type WaiverRecord } from "@/lib/db/write/guard-waivers";
import { requireRole } from "@/lib/core/actor";
import type { WaiverContext } from "./context";
import { createWaiverInput } from "@/lib/contracts/waiver-input";

/** Accepts one policy's violation on one resource until a date; audited as guard-waiver.create. */
export async function createWaiver({ ctx, input }: { ctx: WaiverContext; input: unknown }): Promise<WaiverRecord> {
  const now = (ctx.now ?? Date.now)();
  const waiver = createWaiverInput(now).parse(input);
  requireRole(ctx.actor, "operator");
  return insertWaiver(ctx.db, waiver, ctx.actor, new Date(now));
}
