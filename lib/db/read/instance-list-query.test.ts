import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssues } from "@/lib/http/route";
import { exportFilename, InstanceListQuery, searchParamsObject, toFilters } from "@/lib/db/read/instance-list-query";

const parse = (query: string) => InstanceListQuery.parse(searchParamsObject(`http://x/api/instances?${query}`));
const issues = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof z.ZodError) return formatIssues(error);
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
};

describe("the instances URL contract", () => {
  it("defaults to the first 50, action first, and splits comma lists", () => {
    expect(parse("")).toMatchObject({ sort: "action", dir: "asc", limit: 50 });
    const query = parse(
      "httpTokens=optional&region=us-east-1,eu-west-1&readiness=blocked&team=a,b&sort=v1Calls7d&dir=desc&limit=200",
    );
    expect(toFilters(query)).toEqual({
      q: null,
      accountIds: undefined,
      regions: ["us-east-1", "eu-west-1"],
      httpTokens: ["optional"],
      readiness: ["blocked"],
      states: undefined,
      teams: ["a", "b"],
    });
    expect(query).toMatchObject({ sort: "v1Calls7d", dir: "desc", limit: 200 });
  });

  it("names the bad parameter", () => {
    expect(issues("limit=75")).toBe("limit: must be 50, 100 or 200");
    expect(issues("sort=cost")).toMatch(/^sort: /);
    expect(issues("httpTokens=optional,maybe")).toMatch(/^httpTokens\[1\]: /);
    expect(issues("account=123")).toBe("account[0]: must be 12-digit AWS account ids");
    expect(issues("region=us-east-1&region=eu-west-1")).toBe(
      "region: is given twice; separate several values with commas",
    );
  });

  it("names export files after the filters, safely", () => {
    expect(exportFilename(parse(""))).toBe("instances-all.csv");
    expect(exportFilename(parse("httpTokens=optional&region=us-east-1,eu-west-1"))).toBe(
      "instances-region-us-east-1-eu-west-1-httpTokens-optional.csv",
    );
    expect(exportFilename(parse("q=web%2F..%22x"))).toBe("instances-q-web_.._x.csv");
  });
});
