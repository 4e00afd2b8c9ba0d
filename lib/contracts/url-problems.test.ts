import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InstanceListQuery } from "@/lib/db/read/instance-list-query";
import { listItems, unknownRegionIndexes, urlProblems, withoutProblems } from "./url-problems";

const INSTANCE_KEYS = [
  "q",
  "account",
  "region",
  "httpTokens",
  "readiness",
  "state",
  "team",
  "sort",
  "dir",
  "limit",
  "cursor",
];
const KNOWN = ["eu-west-1", "us-east-1"];
const instances = (query: string, knownRegions: readonly string[] | null = KNOWN) =>
  urlProblems(InstanceListQuery, new URLSearchParams(query), {
    keys: INSTANCE_KEYS,
    ...(knownRegions ? { knownRegions } : {}),
  });

// A single-valued contract like the overview's, alerts' and audit's.
const Single = z.object({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be a region name like eu-west-1" })
    .nullish(),
  state: z.enum(["open", "resolved"], { error: "must be one of open, resolved" }).nullish(),
  days: z.coerce
    .number()
    .refine((value) => [7, 30].includes(value), { error: "must be one of 7, 30" })
    .default(30),
});
const single = (query: string) =>
  urlProblems(Single, new URLSearchParams(query), { keys: ["region", "state", "days"], knownRegions: KNOWN });

describe("urlProblems", () => {
  it("names each refused parameter with its value, the issue's example included", () => {
    expect(instances("httpTokens=bogus&region=zz-fake-1")).toEqual([
      { param: "httpTokens", value: "bogus", index: 0, message: expect.stringContaining("optional") },
      {
        param: "region",
        value: "zz-fake-1",
        message: expect.stringMatching(/^is not a region the dashboard has collected \(known: eu-west-1, us-east-1\)$/),
      },
    ]);
  });

  it("finds nothing wrong in a good link, and ignores empty values and parameters the page does not read", () => {
    expect(instances("httpTokens=optional&region=eu-west-1,us-east-1&sort=v1Calls7d&dir=desc&limit=100")).toEqual([]);
    expect(instances("httpTokens=&region=&utm_source=mail&foo=bar")).toEqual([]);
    expect(single("region=eu-west-1&state=open&days=7")).toEqual([]);
  });

  it("points at the one bad item of a comma list", () => {
    expect(instances("region=eu-west-1,zz-fake-1,us-east-1&httpTokens=optional,maybe")).toEqual([
      { param: "region", value: "zz-fake-1", index: 1, message: expect.any(String) },
      { param: "httpTokens", value: "maybe", index: 1, message: expect.any(String) },
    ]);
  });

  it("reports a malformed region by the API's pattern, not twice as unknown too", () => {
    expect(single("region=mars")).toEqual([
      { param: "region", value: "mars", message: "must be a region name like eu-west-1" },
    ]);
    expect(instances("region=Mars")).toEqual([
      { param: "region", value: "Mars", index: 0, message: "must be region names like us-east-1" },
    ]);
  });

  it("checks known regions only when it is given them", () => {
    expect(instances("region=ap-south-2", null)).toEqual([]);
    expect(instances("region=ap-south-2", [])).toEqual([
      {
        param: "region",
        value: "ap-south-2",
        message: "is not a region the dashboard has collected (none collected yet)",
      },
    ]);
  });

  it("refuses values outside the option lists, sort, direction and page size included", () => {
    expect(single("state=closed&days=45").map((problem) => [problem.param, problem.value, problem.message])).toEqual([
      ["state", "closed", "must be one of open, resolved"],
      ["days", "45", "must be one of 7, 30"],
    ]);
    expect(instances("sort=cost&dir=up&limit=75").map((problem) => problem.param)).toEqual(["sort", "dir", "limit"]);
  });

  it("refuses a parameter given twice (the page and the API would each pick a different one)", () => {
    expect(single("state=open&state=resolved")).toEqual([
      { param: "state", value: "open and resolved", message: "is given more than once; give it once" },
    ]);
  });

  it("leaves a rule about a parameter the URL does not give to the API's own 422", () => {
    const Pair = z.object({ account: z.string().nullish(), region: z.string().nullish() }).superRefine((value, ctx) => {
      if (value.account && !value.region) ctx.addIssue({ code: "custom", path: ["region"], message: "give both" });
    });
    expect(urlProblems(Pair, new URLSearchParams("account=123456789012"), { keys: ["account", "region"] })).toEqual([]);
  });

  it("lists problems in the URL's order", () => {
    expect(single("days=1&state=x&region=zz-fake-1").map((problem) => problem.param)).toEqual([
      "days",
      "state",
      "region",
    ]);
  });
});

describe("withoutProblems", () => {
  const fix = (query: string) => withoutProblems(new URLSearchParams(query), instances(query)).toString();

  it("removes just the bad parameters and keeps the rest of the view", () => {
    expect(fix("httpTokens=bogus&region=zz-fake-1&team=web&sort=name")).toBe("team=web&sort=name");
  });

  it("keeps a list's good items", () => {
    expect(fix("region=eu-west-1,zz-fake-1&readiness=ready,soon,blocked")).toBe(
      "region=eu-west-1&readiness=ready%2Cblocked",
    );
  });

  it("drops the page cursor, which belonged to the old filters, and changes nothing without problems", () => {
    expect(fix("httpTokens=bogus&cursor=abc")).toBe("");
    expect(fix("httpTokens=optional&cursor=abc")).toBe("httpTokens=optional&cursor=abc");
  });

  it("removes every copy of a repeated parameter", () => {
    expect(
      withoutProblems(new URLSearchParams("state=open&state=x&days=7"), single("state=open&state=x&days=7")).toString(),
    ).toBe("days=7");
  });
});

describe("helpers", () => {
  it("splits comma lists the way the APIs do", () => {
    expect(listItems(" a, ,b ,")).toEqual(["a", "b"]);
  });

  it("finds unknown regions by position", () => {
    expect(unknownRegionIndexes(["eu-west-1", "zz-fake-1", "us-east-9"], KNOWN)).toEqual([1, 2]);
  });
});
