import { expect, test } from "@playwright/test";
import type { RegionsView } from "@/lib/db/read/regions-view";
import { fleetTruth } from "./fleet-truth";
import { callsChartPoints, downloadCsv, ensureCollected, expectAccessible, saveScreenshot } from "./support";

test.describe.configure({ mode: "serial" });

const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—");

test("the region grid shows every collected account-region with its defaults and counts", async ({ page, request }) => {
  await ensureCollected(request);
  const response = await request.get("/api/regions");
  expect(response.status()).toBe(200);
  const view: RegionsView = await response.json();
  const truth = fleetTruth();

  // The API covers every account-region of the fleet and counts every instance once.
  const keys = view.cells.map((cell) => `${cell.accountId}/${cell.region}`);
  for (const cell of truth.cellsWithInstances) expect(keys).toContain(cell);
  expect(view.cells.reduce((sum, cell) => sum + cell.instances, 0)).toBe(truth.instances);
  expect(view.cells.reduce((sum, cell) => sum + cell.required, 0)).toBe(truth.required);
  for (const cell of view.cells) {
    expect(Object.values(cell.states).reduce((sum, count) => sum + count, 0)).toBe(cell.instances);
  }
  expect(view.selected).toBeNull();

  // From the overview, the header's navigation leads here.
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Regions" }).click();
  await expect(page).toHaveURL(/\/regions$/);
  await expect(page.getByRole("link", { name: "Regions", exact: true })).toHaveAttribute("aria-current", "page");

  const grid = page.getByRole("region", { name: "Account and region defaults" });
  const rows = grid.locator("tbody tr");
  await expect(rows).toHaveCount(view.cells.length);
  const headers = await grid.locator("thead th").allTextContents();
  const column = (name: string) => headers.indexOf(name) + 1;
  expect(column("Instances")).toBeGreaterThan(0);
  await expect(rows.locator("td:nth-child(1) .mono")).toHaveText(view.cells.map((cell) => cell.accountId));
  await expect(rows.locator("td:nth-child(2)")).toHaveText(view.cells.map((cell) => cell.region));
  await expect(rows.locator(`td:nth-child(${column("HttpTokens")})`)).toHaveText(
    view.cells.map((cell) => cell.httpTokens ?? "not set"),
  );
  await expect(rows.locator(`td:nth-child(${column("Instances")})`)).toHaveText(
    view.cells.map((cell) => cell.instances.toLocaleString("en-US")),
  );
  await expect(rows.locator(`td:nth-child(${column("IMDSv2-only")})`)).toHaveText(
    view.cells.map((cell) => share(cell.required, cell.instances)),
  );
  await expect(rows.locator(`td:nth-child(${column("By state")})`)).toHaveText(
    view.cells.map((cell) =>
      view.states
        .filter((state) => (cell.states[state] ?? 0) > 0)
        .map((state) => `${state} ${(cell.states[state] ?? 0).toLocaleString("en-US")}`)
        .join(", "),
    ),
  );
  await expectAccessible(page);
  await saveScreenshot(page, "regions");

  // The CSV holds exactly the grid's rows.
  const csv = await downloadCsv(page, page.getByRole("button", { name: "Export CSV" }));
  expect(csv.filename).toBe("regions.csv");
  const header = csv.rows[0]!;
  expect(header.slice(0, 3)).toEqual(["account_id", "account_name", "region"]);
  const at = (name: string) => header.indexOf(name);
  expect(
    csv.rows
      .slice(1)
      .map((row) => [row[at("account_id")], row[at("region")], row[at("http_tokens")], Number(row[at("instances")])]),
  ).toEqual(view.cells.map((cell) => [cell.accountId, cell.region, cell.httpTokens ?? "", cell.instances]));
});

test("selecting a cell shows its charts, lives in the URL and survives a reload", async ({ page, request }) => {
  await ensureCollected(request);
  const view: RegionsView = await (await request.get("/api/regions")).json();
  const cell = view.cells.find((item) => item.instances > 0)!;

  await page.goto("/regions");
  await page.getByRole("button", { name: `Show charts for ${cell.accountId} ${cell.region}` }).click();
  await expect(page).toHaveURL(new RegExp(`account=${cell.accountId}`));
  await expect(page).toHaveURL(new RegExp(`region=${cell.region}`));
  const charts = page.getByTestId("cell-charts");
  await expect(charts).toBeVisible();

  const selected: RegionsView = await (
    await request.get(`/api/regions?account=${cell.accountId}&region=${cell.region}`)
  ).json();
  expect(selected.selected?.series.length).toBeGreaterThan(0);
  const known = selected.selected!.series.filter((day) => day.optional !== null || day.required !== null).length;
  await expect(charts.getByTestId("chart-tokens-share")).toHaveAttribute("data-points", String(known));
  await expect(charts.getByTestId("chart-calls")).toHaveAttribute(
    "data-points",
    String(callsChartPoints(selected.selected!.series, selected.selected!.to)),
  );
  const lastDay = selected.selected!.series.at(-1)!;
  expect(lastDay.instances).toBe(cell.instances);

  await page.getByLabel("Time range", { exact: true }).selectOption("7");
  await expect(page).toHaveURL(/[?&]days=7(&|$)/);
  const week: RegionsView = await (
    await request.get(`/api/regions?account=${cell.accountId}&region=${cell.region}&days=7`)
  ).json();
  await expect(charts.getByTestId("chart-calls")).toHaveAttribute(
    "data-points",
    String(callsChartPoints(week.selected!.series, week.selected!.to)),
  );
  expect(week.selected!.series.length).toBeLessThanOrEqual(7);

  await page.reload();
  await expect(page.getByTestId("cell-charts")).toBeVisible();
  await expect(page.getByLabel("Time range", { exact: true })).toHaveValue("7");
  await expect(page.getByRole("button", { name: `Hide charts for ${cell.accountId} ${cell.region}` })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expectAccessible(page);
  await saveScreenshot(page, "regions-cell");

  // A half selection is refused naming the missing half.
  const bad = await request.get(`/api/regions?account=${cell.accountId}`);
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.message).toMatch(/^region: /);
});
