import { randomUUID } from "node:crypto";
import { z } from "zod";
import { countInstances, listInstances, withoutJit } from "@/lib/db/read/instance-list";
import { activeFilters, InstanceListQuery, toFilters } from "@/lib/db/read/instance-list-query";
import { ACTION_SORT_EXPLAINED, describeInstanceSort } from "@/lib/contracts/instance-list-options";
import { getOverview } from "@/lib/db/read/overview";
import { OverviewQuery } from "@/lib/contracts/overview-query";
import { getRegionsView } from "@/lib/db/read/regions-view";
import { RegionsQuery } from "@/lib/contracts/regions-query";
import { createReportRow, type ReportRecord } from "@/lib/db/write/reports";
import { findLastSuccessfulRunAt } from "@/lib/db/read/status";
import { DAY_MS } from "@/lib/domain/time";
import { requireRole } from "@/lib/core/actor";
import type { ReportContext } from "./context";
import { REPORT_ROW_CAP, REPORT_VIEWS, type ReportSnapshot } from "@/lib/contracts/report-snapshot";
import { instancesSnapshot, overviewSnapshot, regionsSnapshot, type SnapshotContext } from "./snapshot";
import { hashReportToken, newReportToken } from "./token";

const DEFAULT_REPORT_DAYS = 30;
const MAX_REPORT_DAYS = 365;

export const CreateReportInput = z.object({
  view: z.enum(REPORT_VIEWS, { error: "must be overview, regions or instances" }),
  /** The view's URL search params, exactly as the page keeps them. */
  params: z.record(z.string(), z.string()).default({}),
  title: z.string().trim().max(200, { error: "must be at most 200 characters" }).optional(),
  /** Days until the link stops working; null = never expires. */
  expiresInDays: z
    .number({ error: "must be a whole number of days, or null for no expiry" })
    .int({ error: "must be a whole number of days" })
    .min(1, { error: "must be at least 1 day" })
    .max(MAX_REPORT_DAYS, { error: `must be at most ${MAX_REPORT_DAYS} days (or null for no expiry)` })
    .nullable()
    .default(DEFAULT_REPORT_DAYS),
});
export type CreateReportInput = z.input<typeof CreateReportInput>;

export interface CreatedReport {
  report: ReportRecord;
  /** The only time the token exists outside the creator's browser: it is stored as a hash. */
  path: string;
}

/** A view's URL params, checked by the same schema its API uses, so errors name the same field. */
function parseParams<T extends z.ZodType>(schema: T, params: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ["params", ...issue.path] })));
}

async function captureSnapshot(
  ctx: ReportContext,
  view: (typeof REPORT_VIEWS)[number],
  params: Record<string, string>,
  context: SnapshotContext,
): Promise<ReportSnapshot> {
  const now = context.capturedAt.getTime();
  const prisma = ctx.db.prisma;
  switch (view) {
    case "overview":
      return overviewSnapshot(
        await getOverview(prisma, parseParams(OverviewQuery, params), { now, windowDays: ctx.readinessWindowDays }),
        context,
      );
    case "regions":
      return regionsSnapshot(await getRegionsView(prisma, parseParams(RegionsQuery, params), now), context);
    case "instances": {
      // The whole filtered set from its first row (not the page on screen), up to the cap.
      const paging = new Set(["cursor", "limit"]);
      const filterParams = Object.fromEntries(Object.entries(params).filter(([key]) => !paging.has(key)));
      const query = parseParams(InstanceListQuery, filterParams);
      const filters = toFilters(query);
      const { rows, total } = await withoutJit(ctx.db.raw, async (db) => ({
        rows: (
          await listInstances(db, {
            filters,
            sort: query.sort,
            dir: query.dir,
            limit: REPORT_ROW_CAP,
            now,
            windowDays: ctx.readinessWindowDays,
          })
        ).rows,
        total: await countInstances(db, filters),
      }));
      const words = activeFilters(query).map((filter) => ({ label: filter.label, value: filter.values.join(", ") }));
      const order = describeInstanceSort(query.sort, query.dir);
      words.push({
        label: "Sorted by",
        value: query.sort === "action" ? `${order} (${ACTION_SORT_EXPLAINED})` : order,
      });
      return instancesSnapshot({ rows, total, filters: words }, context);
    }
  }
}

/**
 * Freezes a view into a report and returns its link. The snapshot is computed here, on the
 * server, from the same readers the view's API uses: what is shared is what the database says,
 * not what a browser sent. Creating a public link is an operator's decision.
 */
export async function createReport({ ctx, input }: { ctx: ReportContext; input: unknown }): Promise<CreatedReport> {
  const parsed = CreateReportInput.parse(input);
  requireRole(ctx.actor, "operator");
  const now = ctx.now?.() ?? Date.now();
  const collectedAt = await findLastSuccessfulRunAt(ctx.db.prisma);
  const snapshot = await captureSnapshot(ctx, parsed.view, parsed.params, {
    capturedAt: new Date(now),
    collectedAt: collectedAt?.toISOString() ?? null,
    source: ctx.source,
  });
  if (parsed.title) snapshot.title = parsed.title;
  const token = newReportToken();
  const report = await createReportRow(ctx.db.prisma, {
    id: randomUUID(),
    tokenHash: hashReportToken(token),
    snapshot,
    createdById: ctx.actor.id,
    createdByName: ctx.actor.name,
    expiresAt: parsed.expiresInDays === null ? null : new Date(now + parsed.expiresInDays * DAY_MS),
  });
  return { report, path: `/r/${token}` };
}
