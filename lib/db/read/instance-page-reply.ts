import { countInstances, listInstances, withoutJit, type InstancePage } from "@/lib/db/read/instance-list";
import type { Database } from "@/lib/db/conn/client";
import { toFilters, type InstanceListQuery } from "@/lib/db/read/instance-list-query";

export interface InstancePageReply extends InstancePage {
  /** How many instances match the filters, across all pages. */
  total: number;
}

/** One page and the filtered total: what GET /api/instances answers and the page prefetches. */
export async function getInstancePageReply(
  app: { db: Database; settings: { readinessWindowDays: number } },
  query: InstanceListQuery,
): Promise<InstancePageReply> {
  const filters = toFilters(query);
  // One connection, one query at a time: the page, then the filtered total.
  return withoutJit(app.db.raw, async (db) => {
    const page = await listInstances(db, {
      filters,
      sort: query.sort,
      dir: query.dir,
      limit: query.limit,
      cursor: query.cursor ?? null,
      now: Date.now(),
      windowDays: app.settings.readinessWindowDays,
    });
    return { ...page, total: await countInstances(db, filters) };
  });
}
