import { countInstances, listInstances, type InstancePage } from "@/lib/db/instance-list";
import type { Runtime } from "@/lib/runtime";
import { toFilters, type InstanceListQuery } from "./list-query";

export interface InstancePageReply extends InstancePage {
  /** How many instances match the filters, across all pages. */
  total: number;
}

/** One page and the filtered total: what GET /api/instances answers and the page prefetches. */
export async function getInstancePageReply(runtime: Runtime, query: InstanceListQuery): Promise<InstancePageReply> {
  const db = runtime.collector.db.raw;
  const filters = toFilters(query);
  const [page, total] = await Promise.all([
    listInstances(db, {
      filters,
      sort: query.sort,
      dir: query.dir,
      limit: query.limit,
      cursor: query.cursor ?? null,
      now: Date.now(),
      windowDays: runtime.collector.settings.readinessWindowDays,
    }),
    countInstances(db, filters),
  ]);
  return { ...page, total };
}
