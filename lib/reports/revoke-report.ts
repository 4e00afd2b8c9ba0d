import { z } from "zod";
import { revokeReportRow, type ReportRecord } from "@/lib/db/write/reports";
import { requireRole } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import type { ReportContext } from "./context";

export const RevokeReportInput = z.object({ id: z.uuid({ error: "must be a report id" }) });

/** Stops a report link working at once (410 from then on). Any operator may revoke any link. */
export async function revokeReport({ ctx, input }: { ctx: ReportContext; input: unknown }): Promise<ReportRecord> {
  const { id } = RevokeReportInput.parse(input);
  requireRole(ctx.actor, "operator");
  const revoked = await revokeReportRow(ctx.db.prisma, id, ctx.actor.name, new Date(ctx.now?.() ?? Date.now()));
  if (!revoked) throw new AppError("NotFound", `No report ${id}.`);
  return revoked;
}
