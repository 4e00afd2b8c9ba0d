import { SimError } from "@/lib/simulator/errors";
import { boolParam, listParam } from "@/lib/simulator/query-params";
import { NOT_OPTED_IN_REGIONS, OPT_IN_REGIONS } from "@/lib/simulator/regions";
import type { CallContext } from "@/lib/simulator/protocols/context";
import { el, itemSet } from "@/lib/simulator/xml";
import { anyMatch, invalidFilter, parseFilters } from "./filters";

interface RegionRow {
  regionName: string;
  optInStatus: "opt-in-not-required" | "opted-in" | "not-opted-in";
}

export function describeRegions(ctx: CallContext, params: URLSearchParams): string {
  const all = boolParam(params, "AllRegions");
  const names = listParam(params, "RegionName");
  const filters = parseFilters(params);
  const enabled = (r: string): RegionRow => ({
    regionName: r,
    optInStatus: OPT_IN_REGIONS.has(r) ? "opted-in" : "opt-in-not-required",
  });
  let rows: RegionRow[] = ctx.fleet.regions.map(enabled);
  if (all)
    rows = rows.concat(NOT_OPTED_IN_REGIONS.map((r) => ({ regionName: r, optInStatus: "not-opted-in" as const })));
  if (names.length > 0) {
    const known = new Set(ctx.fleet.regions.concat(NOT_OPTED_IN_REGIONS));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw new SimError("InvalidParameterValue", `Invalid region names: ${unknown.join(", ")}`);
    rows = names.map((n) =>
      ctx.fleet.regions.includes(n) ? enabled(n) : { regionName: n, optInStatus: "not-opted-in" },
    );
  }
  for (const f of filters) {
    if (f.name === "region-name" || f.name === "endpoint") {
      rows = rows.filter((r) =>
        anyMatch(f.values, f.name === "region-name" ? r.regionName : `ec2.${r.regionName}.amazonaws.com`),
      );
    } else if (f.name === "opt-in-status") {
      rows = rows.filter((r) => anyMatch(f.values, r.optInStatus));
    } else {
      throw invalidFilter(f.name);
    }
  }
  return itemSet(
    "regionInfo",
    rows,
    (r) =>
      el("regionName", r.regionName) +
      el("regionEndpoint", `ec2.${r.regionName}.amazonaws.com`) +
      el("optInStatus", r.optInStatus),
  );
}
