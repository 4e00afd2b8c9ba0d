import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { parseCsv } from "@/lib/contracts/csv";
import { createFleet } from "@/lib/simulator/fleet";
import { simulatorRegions } from "@/lib/simulator/regions";
import { E2E_FLEET } from "./fleet";
import { fleetTruth } from "./fleet-truth";
import { expectAccessible, SAME_ORIGIN, saveScreenshot, watchConsole } from "./support";

// The instances list and detail pages against a freshly collected simulated fleet. The tests run
// in order on one server; the first one makes sure a collection has finished.
test.describe.configure({ mode: "serial" });

interface ApiRow {
  id: string;
  name: string | null;
  httpTokens: string;
  readiness: string | null;
  v1Calls7d: number | null;
  v1Calls30d: number | null;
  rejected7d: number | null;
}
interface ApiPage {
  rows: ApiRow[];
  nextCursor: string | null;
  total: number;
}

const getJson = async <T>(request: APIRequestContext, url: string): Promise<T> => {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  return (await response.json()) as T;
};

/** Every row of a filtered set, through the API's own keyset pages. */
async function allRows(request: APIRequestContext, filters: string): Promise<ApiRow[]> {
  const rows: ApiRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `${filters}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: ApiPage = await getJson<ApiPage>(request, `/api/instances?${query}`);
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const tableRows = (page: Page) => page.getByTestId("instances-table").locator("tbody tr[data-instance-id]");
const shownIds = (page: Page) =>
  tableRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-instance-id")));

test("a collection has run, and the table shows the API's numbers for the whole fleet", async ({ page, request }) => {
  // Collect (or follow the run another spec started) and wait for it to finish.
  const started = await request.post("/api/collection-runs", SAME_ORIGIN);
  expect([202, 409]).toContain(started.status());
  const status = await getJson<{ lastRun: { id: number } }>(request, "/api/status");
  await expect
    .poll(
      async () =>
        (await getJson<{ run: { status: string } }>(request, `/api/collection-runs/${status.lastRun.id}`)).run.status,
      { timeout: 240_000, intervals: [500] },
    )
    .not.toBe("running");

  const errors = watchConsole(page);
  const truth = fleetTruth();
  await page.goto("/instances?sort=v1Calls7d&dir=desc");
  const api = await getJson<ApiPage>(request, "/api/instances?sort=v1Calls7d&dir=desc&limit=50");
  expect(api.total).toBe(truth.instances);
  await expect(page.getByTestId("instances-total")).toHaveAttribute("data-total", String(truth.instances));
  await expect(page.getByTestId("instances-total")).toHaveText(`1–50 of ${truth.instances} instances`);

  // Same rows in the same order, with the same sums ("—" exactly where the API says no data).
  expect(await shownIds(page)).toEqual(api.rows.map((row) => row.id));
  const cells = await tableRows(page).evaluateAll((rows) =>
    rows.map((row) =>
      ["v1-7d", "v1-30d", "rejected-7d"].map(
        (testId) => row.querySelector(`[data-testid="${testId}"]`)?.getAttribute("data-value") ?? "missing",
      ),
    ),
  );
  const asCell = (value: number | null) => (value === null ? "" : String(value));
  expect(cells).toEqual(api.rows.map((row) => [asCell(row.v1Calls7d), asCell(row.v1Calls30d), asCell(row.rejected7d)]));
  expect(api.rows[0]!.v1Calls7d).toBeGreaterThan(0);
  await expect(page.getByRole("columnheader", { name: /v1 7 d/ })).toHaveAttribute("aria-sort", "descending");

  await expectAccessible(page);
  await saveScreenshot(page, "instances");
  expect(errors).toEqual([]);
});

test("filters, sort and search live in the URL, and the URL restores the view", async ({ page, request }) => {
  const errors = watchConsole(page);
  await page.goto("/instances");
  await expect(tableRows(page)).toHaveCount(50);

  // Choosing a filter writes it to the URL and narrows the table to the API's set.
  await page.getByLabel("HttpTokens", { exact: true }).selectOption("optional");
  await expect(page).toHaveURL(/[?&]httpTokens=optional(&|$)/);
  const optional = await getJson<ApiPage>(request, "/api/instances?httpTokens=optional&limit=50");
  await expect(page.getByTestId("instances-total")).toHaveAttribute("data-total", String(optional.total));
  expect(optional.total).toBe(fleetTruth().optional);

  const facets = await getJson<{ regions: string[] }>(request, "/api/instances/facets");
  const region = facets.regions[0]!;
  await page.getByLabel("Region", { exact: true }).selectOption(region);
  await expect(page).toHaveURL(new RegExp(`[?&]region=${region}(&|$)`));

  // Sorting by a header writes sort and direction.
  await page.getByRole("button", { name: /^Sort by v1 30 d/ }).click();
  await expect(page).toHaveURL(/[?&]sort=v1Calls30d(&|$)/);
  await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
  const filtered = `httpTokens=optional&region=${region}&sort=v1Calls30d&dir=desc`;
  const expected = await getJson<ApiPage>(request, `/api/instances?${filtered}&limit=50`);
  await expect.poll(() => shownIds(page)).toEqual(expected.rows.map((row) => row.id));

  // A reload (or a shared link) restores the same view.
  await page.reload();
  await expect(page.getByLabel("HttpTokens", { exact: true })).toHaveValue("optional");
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue(region);
  await expect(page.getByRole("columnheader", { name: /v1 30 d/ })).toHaveAttribute("aria-sort", "descending");
  expect(await shownIds(page)).toEqual(expected.rows.map((row) => row.id));
  await saveScreenshot(page, "instances-filtered");

  // Search by Name: the URL gets q and every row found is one the API finds.
  const target = expected.rows.find((row) => row.name)!;
  await page.goto("/instances");
  await page.getByLabel("Search id, Name or tag value").fill(target.name!);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(target.name!)}(&|$)`));
  const found = await getJson<ApiPage>(request, `/api/instances?q=${encodeURIComponent(target.name!)}&limit=50`);
  await expect.poll(() => shownIds(page)).toEqual(found.rows.map((row) => row.id));
  expect(found.rows.map((row) => row.id)).toContain(target.id);

  // Keyset pages: "Next page" puts the cursor in the URL, and the rows follow the API's next page.
  await page.goto("/instances?limit=100");
  const first = await getJson<ApiPage>(request, "/api/instances?limit=100");
  const second = await getJson<ApiPage>(
    request,
    `/api/instances?limit=100&cursor=${encodeURIComponent(first.nextCursor!)}`,
  );
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect.poll(() => shownIds(page)).toEqual(second.rows.map((row) => row.id));
  await expect(page.getByTestId("instances-total")).toHaveText(`101–200 of ${first.total} instances`);
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect.poll(() => shownIds(page)).toEqual(first.rows.map((row) => row.id));

  // Filters with no match say so.
  await page.goto("/instances?q=no-such-instance-anywhere");
  await expect(page.getByText("No instances match these filters.")).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test("the CSV download holds exactly the filtered rows", async ({ page, request }) => {
  const facets = await getJson<{ regions: string[] }>(request, "/api/instances/facets");
  const region = facets.regions[1] ?? facets.regions[0]!;
  const filters = `httpTokens=optional&region=${region}`;
  await page.goto(`/instances?${filters}&sort=name`);
  const expected = await allRows(request, `${filters}&sort=name`);
  expect(expected.length).toBeGreaterThan(0);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`instances-region-${region}-httpTokens-optional.csv`);
  const saved = path.join(import.meta.dirname, "artifacts", download.suggestedFilename());
  await download.saveAs(saved);
  const csv = parseCsv(await readFile(saved, "utf8"));
  const header = csv[0]!;
  expect(header.slice(0, 3)).toEqual(["instance_id", "name", "account_id"]);
  const body = csv.slice(1);
  expect(body.map((row) => row[0])).toEqual(expected.map((row) => row.id));
  const column = (name: string) => header.indexOf(name);
  for (const [index, row] of body.entries()) {
    expect(row[column("http_tokens")]).toBe("optional");
    expect(row[column("region")]).toBe(region);
    const v1 = expected[index]!.v1Calls7d;
    expect(row[column("v1_calls_7d")]).toBe(v1 === null ? "" : String(v1));
  }

  // The unfiltered export is the whole fleet.
  const all = await request.get("/api/instances/export");
  expect(all.headers()["content-disposition"]).toBe('attachment; filename="instances-all.csv"');
  expect(parseCsv(await all.text())).toHaveLength(1 + fleetTruth().instances);
});

test("a blocked instance explains itself on its detail page", async ({ page, request }) => {
  const errors = watchConsole(page);
  const fleet = createFleet({
    seed: E2E_FLEET.seed,
    instances: E2E_FLEET.instances,
    accounts: E2E_FLEET.accounts,
    regions: simulatorRegions(E2E_FLEET.regions),
  });
  const blocked = await allRows(request, "readiness=blocked&sort=v1Calls7d&dir=desc");
  const known = blocked.find((row) => fleet.instanceTruth(row.id).category === "blocked");
  expect(known, "an instance both the dashboard and the simulator call blocked").toBeDefined();
  const id = known!.id;

  await page.goto("/instances?readiness=blocked&sort=v1Calls7d&dir=desc");
  await page.getByRole("link", { name: id, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${id}$`));

  const detail = (
    await getJson<{ instance: { precedence: { summary: string }; readiness: { now: { reason: string } } } }>(
      request,
      `/api/instances/${id}`,
    )
  ).instance;
  await expect(page.getByTestId("readiness")).toHaveAttribute("data-readiness", "blocked");
  await expect(page.getByTestId("readiness")).toContainText("Blocked: v1 calls");
  await expect(page.getByTestId("readiness-reason")).toContainText("IMDSv1 calls on");
  await expect(page.getByTestId("readiness-reason")).toContainText("switching now would break them");
  await expect(page.getByTestId("precedence-summary")).toHaveText(detail.precedence.summary);
  expect(detail.precedence.summary).toMatch(/^optional/);
  await expect(page.getByRole("heading", { name: "Why HttpTokens is optional" })).toBeVisible();

  // The charts carry the calls that block it; the history shows at least the first sighting.
  const daily = page.getByTestId("chart-daily");
  await expect(daily).toBeVisible();
  expect(Number(await daily.getAttribute("data-v1-total"))).toBeGreaterThan(0);
  expect(Number(await daily.getAttribute("data-known"))).toBeGreaterThan(0);
  await expect(page.getByTestId("chart-hourly")).toBeVisible();
  await expect(page.getByTestId("settings-history").locator("tbody tr")).not.toHaveCount(0);

  await expectAccessible(page);
  await saveScreenshot(page, "instance-detail-blocked");
  expect(errors).toEqual([]);
});

test("the settings history marks rows reconstructed from CloudTrail", async ({ page, request }) => {
  interface DetailReply {
    instance: { history: { source: string; httpTokens: string }[] };
  }
  const candidates = (await getJson<ApiPage>(request, "/api/instances?sort=httpTokens&dir=desc&limit=50")).rows;
  let found: { id: string; history: DetailReply["instance"]["history"] } | null = null;
  for (const row of candidates) {
    const { history } = (await getJson<DetailReply>(request, `/api/instances/${row.id}`)).instance;
    if (history.some((entry) => entry.source === "cloudtrail")) {
      found = { id: row.id, history };
      break;
    }
  }
  expect(found, "an instance with CloudTrail-reconstructed history").not.toBeNull();
  await page.goto(`/instances/${found!.id}`);
  const rows = page.getByTestId("settings-history").locator("tbody tr");
  await expect(rows).toHaveCount(found!.history.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-source")))).toEqual(
    found!.history.map((entry) => entry.source),
  );
  await expect(rows.filter({ hasText: "CloudTrail (reconstructed)" })).toHaveCount(
    found!.history.filter((entry) => entry.source === "cloudtrail").length,
  );
  await saveScreenshot(page, "instance-detail-history");
});

test("an unknown instance id is a 404 page", async ({ page, request }) => {
  // A real HTTP 404 (no loading boundary sends a 200 before the id is looked up), for a malformed
  // id and a well-formed unknown one alike, while a known instance is a 200; the API agrees.
  const known = (await getJson<ApiPage>(request, "/api/instances?limit=50")).rows[0]!.id;
  expect((await page.goto(`/instances/${known}`))?.status()).toBe(200);
  await expect(page.getByTestId("readiness")).toBeVisible();
  for (const unknown of ["not-an-instance-id", "i-0000000000000dead"]) {
    expect((await page.goto(`/instances/${unknown}`))?.status(), unknown).toBe(404);
    await expect(page.getByRole("heading", { name: "Instance not found" })).toBeVisible();
  }
  const api = await request.get("/api/instances/i-0000000000000dead");
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("NotFound");
  const bad = await request.get("/api/instances?limit=7");
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.message).toBe("limit: must be 50, 100 or 200");
  await expectAccessible(page);
  await saveScreenshot(page, "instance-not-found");

  // A stale page token shows the API's code and message, and offers to start over.
  await page.goto("/instances?cursor=not-a-token");
  const alert = page.getByRole("alert").filter({ hasText: "ValidationFailed" });
  await expect(alert).toContainText("cursor: is not a page token from this API");
  await expectAccessible(page);
  await saveScreenshot(page, "instances-bad-cursor");
  await alert.getByRole("button", { name: "Start from the first page" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(tableRows(page)).toHaveCount(50);
});
