import type { MergedDay } from "@/lib/domain/progress";
import { DAY_MS, floorDay } from "@/lib/domain/time";
import type { OverviewRange } from "@/lib/contracts/overview-ranges";
import { listRollupDays } from "@/lib/db/write/rollups";
import type { Db } from "@/lib/db/conn/types";
import { RegionsQuery } from "@/lib/contracts/regions-query";
import type { MetadataDefaults } from "@/lib/domain/imds";

/** One account x region: its account-level IMDS defaults and its live instances. */
export interface RegionCell extends MetadataDefaults {
  accountId: string;
  accountName: string | null;
  region: string;
  defaultsCollectedAt: string | null;
  lastCollectedAt: string | null;
  instances: number;
  required: number;
  /** Live instances by EC2 state name (running, stopped, ...). */
  states: Record<string, number>;
}

export interface RegionsView {
  cells: RegionCell[];
  /** Every state name present in any cell, for the grid's columns. */
  states: string[];
  selected: {
    accountId: string;
    region: string;
    days: OverviewRange;
    /** First and last day of the range (YYYY-MM-DD), so charts can show missing days as gaps. */
    from: string;
    to: string;
    series: MergedDay[];
  } | null;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const STATE_ORDER = ["running", "pending", "stopping", "stopped", "shutting-down"];

/** The grid (regions known from collection) and, when a cell is selected, its daily rollups. */
export async function getRegionsView(db: Db, query: RegionsQuery, now = Date.now()): Promise<RegionsView> {
  const [regions, counts] = await Promise.all([
    db.region.findMany({
      where: { lastCollectedAt: { not: null } },
      include: { account: { select: { name: true } } },
      orderBy: [{ accountId: "asc" }, { name: "asc" }],
    }),
    db.$queryRawUnsafe<{ accountId: string; region: string; state: string; instances: number; required: number }[]>(
      `SELECT account_id AS "accountId", region, state, SUM(instances)::int AS instances,
         COALESCE(SUM(instances) FILTER (WHERE http_tokens = 'required'), 0)::int AS required
       FROM instance_summary WHERE NOT terminated GROUP BY 1, 2, 3`,
    ),
  ]);

  const byCell = new Map<string, { instances: number; required: number; states: Record<string, number> }>();
  const stateNames = new Set<string>();
  for (const row of counts) {
    const key = `${row.accountId}/${row.region}`;
    const cell = byCell.get(key) ?? { instances: 0, required: 0, states: {} };
    cell.instances += row.instances;
    cell.required += row.required;
    cell.states[row.state] = (cell.states[row.state] ?? 0) + row.instances;
    stateNames.add(row.state);
    byCell.set(key, cell);
  }

  const cells = regions.map((region): RegionCell => {
    const live = byCell.get(`${region.accountId}/${region.name}`);
    return {
      accountId: region.accountId,
      accountName: region.account.name,
      region: region.name,
      httpTokens: region.httpTokens,
      httpPutResponseHopLimit: region.httpPutResponseHopLimit,
      httpEndpoint: region.httpEndpoint,
      instanceMetadataTags: region.instanceMetadataTags,
      httpTokensEnforced: region.httpTokensEnforced,
      managedBy: region.managedBy,
      managedExceptionMessage: region.managedExceptionMessage,
      defaultsCollectedAt: region.defaultsCollectedAt?.toISOString() ?? null,
      lastCollectedAt: region.lastCollectedAt?.toISOString() ?? null,
      instances: live?.instances ?? 0,
      required: live?.required ?? 0,
      states: live?.states ?? {},
    };
  });

  let selected: RegionsView["selected"] = null;
  if (query.account && query.region) {
    const fromDay = isoDay(floorDay(now) - (query.days - 1) * DAY_MS);
    const series = await listRollupDays(db, { fromDay, accountId: query.account, region: query.region });
    selected = {
      accountId: query.account,
      region: query.region,
      days: query.days,
      from: fromDay,
      to: isoDay(floorDay(now)),
      series,
    };
  }

  const states = [...stateNames].sort(
    (a, b) => (STATE_ORDER.indexOf(a) + 1 || 99) - (STATE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  return { cells, states, selected };
}
