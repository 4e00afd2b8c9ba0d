import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DEFAULTS } from "@/lib/domain/region-defaults";
import { AppError } from "@/lib/core/app-error";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import {
  countInstances,
  INSTANCE_SORTS,
  listInstanceFacets,
  listInstances,
  withoutJit,
  type InstanceListFilters,
  type InstanceListRow,
  type InstanceSort,
  type SortDirection,
} from "./instance-list";
import { saveRegionDefaults } from "@/lib/db/write/regions";
import { seedInstanceFixture, FIXTURE_NOW, type Fixture } from "./instance-list.fixture";

async function allPages(
  database: TestDatabase,
  options: { sort: InstanceSort; dir: SortDirection; limit: number; filters?: InstanceListFilters },
): Promise<{ rows: InstanceListRow[]; pages: number }> {
  const rows: InstanceListRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listInstances(database.raw, {
      filters: options.filters ?? {},
      sort: options.sort,
      dir: options.dir,
      limit: options.limit,
      cursor,
      now: FIXTURE_NOW,
    });
    rows.push(...page.rows);
    cursor = page.nextCursor;
    pages += 1;
    expect(pages, "paging terminates").toBeLessThan(500);
  } while (cursor);
  return { rows, pages };
}

describe.each(databaseKinds())("instance list on %s", (kind) => {
  let database: TestDatabase;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    fixture = await seedInstanceFixture(database.raw);
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each(INSTANCE_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))(
    "pages sorted by %s %s return every instance exactly once, in the one-page order",
    async (sort, dir) => {
      const paged = await allPages(database, { sort, dir, limit: 7 });
      const ids = paged.rows.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(fixture.ids.toSorted());
      expect(paged.pages).toBe(Math.ceil(fixture.ids.length / 7));
      const single = await listInstances(database.raw, { filters: {}, sort, dir, limit: 1000, now: FIXTURE_NOW });
      expect(single.nextCursor).toBeNull();
      expect(ids).toEqual(single.rows.map((row) => row.id));
    },
  );

  it("orders metric sums with no-data below zero", async () => {
    const { rows } = await allPages(database, { sort: "v1Calls7d", dir: "desc", limit: 5 });
    const keys = rows.map((row) => row.v1Calls7d ?? -1);
    for (let i = 1; i < keys.length; i++) expect(keys[i]!).toBeLessThanOrEqual(keys[i - 1]!);
    expect(rows.at(-1)!.v1Calls7d).toBeNull();
    expect(rows.some((row) => row.v1Calls7d === 0)).toBe(true);
  });

  it("puts what to act on first by default: ready, then blocked with the most 7-day calls first, then the rest", async () => {
    const { rows } = await allPages(database, { sort: "action", dir: "asc", limit: 6 });
    const group = (row: InstanceListRow) => (row.readiness === "ready" ? 0 : row.readiness === "blocked" ? 1 : 2);
    const groups = rows.map(group);
    expect(groups).toEqual(groups.toSorted());
    expect(groups).toContain(0);
    expect(groups).toContain(1);
    const blockedCalls = rows.filter((row) => group(row) === 1).map((row) => row.v1Calls7d ?? 0);
    expect(blockedCalls).toEqual(blockedCalls.toSorted((a, b) => b - a));
    // Ties keep the id order, which makes the keyset cursor stable.
    const ready = rows.filter((row) => group(row) === 0).map((row) => row.id);
    expect(ready).toEqual(ready.toSorted());
  });

  it("sums the page's daily points over complete days, and tells no data from zero", async () => {
    const { rows } = await allPages(database, { sort: "id", dir: "asc", limit: 50 });
    for (const row of rows) {
      const truth = fixture.expected.get(row.id)!;
      expect(row.v1Calls7d, `${row.id} 7d`).toBe(truth.v1Calls7d);
      expect(row.v1Calls30d, `${row.id} 30d`).toBe(truth.v1Calls30d);
      expect(row.rejected7d, `${row.id} rejected`).toBe(truth.rejected7d);
    }
    const noData = rows.find((row) => row.id === fixture.noDataId)!;
    expect(noData.v1Calls7d).toBeNull();
    const quiet = rows.find((row) => row.id === fixture.quietId)!;
    expect(quiet.v1Calls7d).toBe(0);
  });

  it("resolves the launch template's $Default and $Latest through the precedence chain", async () => {
    const { rows } = await allPages(database, { sort: "id", dir: "asc", limit: 200 });
    const templated = rows.find((row) => row.id === fixture.templatedId)!;
    expect(templated.launchTemplate).toEqual({
      id: "lt-0web",
      name: "web",
      version: "3",
      // v2 (default) leaves HttpTokens unspecified and the region default is unset, the AMI has no
      // ImdsSupport: optional. v3 (latest) sets required.
      defaultVersion: { versionNumber: 2, httpTokens: null, allowsV1: true },
      latestVersion: { versionNumber: 3, httpTokens: "required", allowsV1: false },
    });
    expect(templated.imdsSupport).toBeNull();
    expect(templated.imageKnown).toBe(true);
    const v2Image = rows.find((row) => row.id === fixture.v2ImageId)!;
    expect(v2Image.imdsSupport).toBe("v2.0");
    // Same template shape in a region whose default is required: the unspecified version is v2-only.
    const strictRegion = rows.find((row) => row.id === fixture.strictRegionTemplatedId)!;
    expect(strictRegion.launchTemplate?.defaultVersion).toEqual({
      versionNumber: 1,
      httpTokens: null,
      allowsV1: false,
    });
  });

  it("filters by account, region, HttpTokens, readiness, state and team, and counts the same set", async () => {
    const cases: InstanceListFilters[] = [
      { accountIds: [fixture.accounts[0]!] },
      { regions: ["eu-west-1"] },
      { httpTokens: ["optional"] },
      { readiness: ["blocked", "broken"] },
      { readiness: ["unknown"] },
      { states: ["stopped"] },
      { teams: ["payments"] },
      { accountIds: [fixture.accounts[1]!], regions: ["us-east-1"], httpTokens: ["required"] },
    ];
    for (const filters of cases) {
      const expected = fixture.instances.filter((instance) => fixture.matches(instance, filters)).map((i) => i.id);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      const { rows } = await allPages(database, { sort: "name", dir: "asc", limit: 9, filters });
      expect(rows.map((row) => row.id).sort(), JSON.stringify(filters)).toEqual(expected.toSorted());
      expect(await countInstances(database.raw, filters)).toBe(expected.length);
    }
  });

  it("searches ids, names and tag values case-insensitively, with LIKE wildcards taken literally", async () => {
    const search = async (q: string) =>
      (await allPages(database, { sort: "id", dir: "asc", limit: 50, filters: { q } })).rows.map((row) => row.id);
    expect(await search(fixture.ids[3]!.toUpperCase())).toEqual([fixture.ids[3]]);
    expect(await search("WEB-0")).toEqual(
      fixture.instances
        .filter((i) => i.name?.toLowerCase().includes("web-0"))
        .map((i) => i.id)
        .sort(),
    );
    expect(await search("cost-center-77")).toEqual([fixture.taggedId]);
    // Tag keys are not searched, only values.
    expect(await search("CostCenter")).toEqual([]);
    expect(await search("100%")).toEqual([fixture.percentTagId]);
    expect(await search("_")).toEqual([fixture.percentTagId]);
    expect(await search("nothing-like-this")).toEqual([]);
  });

  it("explains each row's readiness from its facts, and says when the stored verdict is out of date", async () => {
    const { rows } = await allPages(database, { sort: "id", dir: "asc", limit: 200 });
    const calling = rows.filter((row) => row.httpTokens === "optional" && (row.v1Calls7d ?? 0) > 0);
    expect(calling.length).toBeGreaterThan(0);
    for (const row of calling) expect(row.readinessReason).toMatch(/^IMDSv1 calls on \d{4}-\d\d-\d\d \(today\)/);
    // The fixture stores verdicts round-robin, so a calling instance stored as "ready" is out of date.
    const stale = calling.find((row) => row.readiness === "ready")!;
    expect(stale.readinessReason).toMatch(/\(judged blocked now; the last collection said ready\)$/);
  });

  it("refuses a cursor made for another sort, and one that is not a token, naming the cursor", async () => {
    const first = await listInstances(database.raw, {
      filters: {},
      sort: "id",
      dir: "asc",
      limit: 5,
      now: FIXTURE_NOW,
    });
    expect(first.nextCursor).not.toBeNull();
    const reuse = listInstances(database.raw, {
      filters: {},
      sort: "name",
      dir: "asc",
      limit: 5,
      cursor: first.nextCursor,
      now: FIXTURE_NOW,
    });
    await expect(reuse).rejects.toThrow(AppError);
    await expect(reuse).rejects.toThrow(/^cursor: was made for sort=id&dir=asc/);
    await expect(
      listInstances(database.raw, { filters: {}, sort: "id", dir: "asc", limit: 5, cursor: "%%%", now: FIXTURE_NOW }),
    ).rejects.toThrow(/^cursor: is not a page token/);
  });

  it("runs list queries with JIT off inside, leaving the session's setting as it was", async () => {
    const showJit = async (db: { query: TestDatabase["raw"]["query"] }) =>
      (await db.query<{ jit: string }>("SHOW jit")).rows[0]!.jit;
    const before = await showJit(database.raw);
    const inside = await withoutJit(database.raw, async (db) => {
      const page = await listInstances(db, { filters: {}, sort: "v1Calls7d", dir: "desc", limit: 5, now: FIXTURE_NOW });
      expect(page.rows).toHaveLength(5);
      return showJit(db);
    });
    expect(inside).toBe("off");
    expect(await showJit(database.raw)).toBe(before);
  });

  it("offers the accounts, regions, teams and states in the database as filter values", async () => {
    // A collected region without instances is offered too: its defaults can change and alert.
    await saveRegionDefaults(
      database.raw,
      fixture.accounts[0]!,
      "ap-south-1",
      { ...EMPTY_DEFAULTS, managedBy: null, managedExceptionMessage: null },
      new Date(FIXTURE_NOW),
    );
    const facets = await listInstanceFacets(database.raw);
    expect(facets.accounts.map((a) => a.id)).toEqual(fixture.accounts.toSorted());
    expect(facets.regions).toEqual(["ap-south-1", "eu-west-1", "us-east-1"]);
    expect(facets.teams).toEqual([...new Set(fixture.instances.flatMap((i) => (i.team ? [i.team] : [])))].sort());
    expect(facets.states).toEqual(["running", "stopped"]);
  });
});
