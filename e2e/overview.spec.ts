import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { READINESS } from "@/lib/domain/readiness";
import type { OverviewData } from "@/lib/db/read/overview";
import { fleetTruth } from "./fleet-truth";
import { callsChartPoints, downloadCsv, ensureCollected, expectAccessible, saveScreenshot } from "./support";

test.describe.configure({ mode: "serial" });

const n = (value: number) => value.toLocaleString("en-US");
const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—");
const statValue = (page: Page, testId: string) => page.getByTestId(testId).locator(".stat-value");
const card = (page: Page, title: string) =>
  page.locator("section.card").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

async function apiOverview(request: APIRequestContext, query = ""): Promise<OverviewData> {
  const response = await request.get(`/api/overview${query}`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** Every figure the overview shows equals the API's answer for the same filters. */
async function expectOverviewMatches(page: Page, data: OverviewData) {
  const { figures } = data;
  await expect(statValue(page, "total-instances")).toHaveText(n(figures.instances));
  await expect(statValue(page, "total-required")).toHaveText(n(figures.required));
  await expect(statValue(page, "total-optional")).toHaveText(n(figures.optional));
  await expect(statValue(page, "total-v2-share")).toHaveText(share(figures.required, figures.instances));
  await expect(statValue(page, "total-v1-calls")).toHaveText(n(figures.instancesWithV1Calls));
  await expect(statValue(page, "total-rejected")).toHaveText(n(figures.instancesWithRejected));

  const readiness = new Map(data.readiness.map((row) => [row.readiness, row.instances]));
  for (const state of READINESS) {
    await expect(page.getByTestId(`readiness-${state}`).locator("dd")).toHaveText(n(readiness.get(state) ?? 0));
  }

  // Breakdown tables: one row per key with the same counts, in the API's order.
  for (const [title, rows] of [
    ["Instances by account", data.breakdowns.accounts],
    ["Instances by region", data.breakdowns.regions],
    ["Instances by team tag", data.breakdowns.teams],
  ] as const) {
    const body = page.getByRole("region", { name: title }).locator("tbody tr");
    await expect(body).toHaveCount(Math.max(rows.length, 1));
    if (rows.length === 0) continue;
    await expect(body.locator("td:nth-child(2)")).toHaveText(rows.map((row) => n(row.instances)));
    await expect(body.locator("td:nth-child(3)")).toHaveText(rows.map((row) => share(row.required, row.instances)));
    await expect(body.locator("td:nth-child(5)")).toHaveText(rows.map((row) => n(row.instancesWithV1Calls)));
    await expect(body.locator("td:nth-child(6)")).toHaveText(rows.map((row) => n(row.instancesWithRejected)));
  }

  // Charts draw one point per day the API knows; the forecast is the API's.
  const knownSettingsDays = data.series.filter((day) => day.optional !== null || day.required !== null).length;
  await expect(page.getByTestId("chart-tokens-share")).toHaveAttribute("data-points", String(knownSettingsDays));
  await expect(page.getByTestId("chart-calls")).toHaveAttribute(
    "data-points",
    String(callsChartPoints(data.series, data.today)),
  );
  await expect(page.getByTestId("chart-burndown")).toHaveAttribute(
    "data-points",
    String(data.series.filter((day) => day.optional !== null).length),
  );
  await expect(page.getByTestId("forecast")).toHaveAttribute("data-kind", data.forecast.kind);
  if (data.forecast.kind === "projected") {
    await expect(page.getByTestId("forecast-text")).toContainText(data.forecast.completionDay);
  }
}

test("the overview's figures, readiness, breakdowns and charts equal the API and the fleet", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  const data = await apiOverview(request);
  const status = await (await request.get("/api/status")).json();
  const truth = fleetTruth();

  // The API agrees with the status totals and the simulator's ground truth.
  expect(data.query.days).toBe(90);
  expect(data.figures.instances).toBe(truth.instances);
  expect(data.figures.required).toBe(truth.required);
  expect(data.figures.optional).toBe(truth.optional);
  expect(data.figures.instancesWithV1Calls).toBe(status.totals.instancesWithV1Calls);
  expect(data.figures.instancesWithRejected).toBe(status.totals.instancesWithRejected);
  expect(data.readiness.reduce((sum, row) => sum + row.instances, 0)).toBe(truth.instances);
  for (const rows of Object.values(data.breakdowns)) {
    expect(rows.reduce((sum, row) => sum + row.instances, 0)).toBe(truth.instances);
  }
  expect(new Set(data.breakdowns.accounts.map((row) => row.key))).toEqual(new Set(truth.activeAccountIds));
  expect(data.series.length).toBeGreaterThan(0);
  expect(data.series.at(-1)?.day).toBe(data.today);

  await page.goto("/");
  await expect(page.getByRole("link", { name: "Overview", exact: true })).toHaveAttribute("aria-current", "page");
  await expectOverviewMatches(page, data);
  await expectAccessible(page);
  await saveScreenshot(page, "overview");
});

test("filters change the URL, the URL restores the view, and the CSV holds the shown rows", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  const all = await apiOverview(request);
  const cells = (await (await request.get("/api/regions")).json()).cells as {
    accountId: string;
    region: string;
    instances: number;
  }[];
  const cell = cells.find((item) => item.instances > 0)!;
  const { accountId: account, region } = cell;

  await page.goto("/");
  await page.getByLabel("Account", { exact: true }).selectOption(account);
  await expect(page).toHaveURL(new RegExp(`[?&]account=${account}(&|$)`));
  await page.getByLabel("Region", { exact: true }).selectOption(region);
  await expect(page).toHaveURL(new RegExp(`[?&]region=${region}(&|$)`));
  await page.getByLabel("Time range", { exact: true }).selectOption("30");
  await expect(page).toHaveURL(/[?&]days=30(&|$)/);

  const filtered = await apiOverview(request, `?account=${account}&region=${region}&days=30`);
  expect(filtered.figures.instances).toBe(cell.instances);
  expect(filtered.breakdowns.accounts.map((row) => row.key)).toEqual([account]);
  expect(filtered.breakdowns.regions.map((row) => row.key)).toEqual([region]);
  await expectOverviewMatches(page, filtered);

  // Reloading the link shows the same view.
  await page.reload();
  await expect(page.getByLabel("Account", { exact: true })).toHaveValue(account);
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue(region);
  await expect(page.getByLabel("Time range", { exact: true })).toHaveValue("30");
  await expectOverviewMatches(page, filtered);
  await saveScreenshot(page, "overview-filtered");

  // Team: filtering narrows the figures to that team's instances.
  await page.goto("/");
  const team = all.breakdowns.teams.find((row) => row.key !== "(no team tag)")!;
  await page.getByLabel("Team", { exact: true }).selectOption(team.key);
  await expect(page).toHaveURL(new RegExp(`[?&]team=${encodeURIComponent(team.key)}(&|$)`));
  const byTeam = await apiOverview(request, `?team=${encodeURIComponent(team.key)}`);
  expect(byTeam.figures.instances).toBe(team.instances);
  await expectOverviewMatches(page, byTeam);
  // ...and the charts to that team's history: today's settings are its own, its calls a part of all.
  expect(byTeam.series.at(-1)?.instances).toBe(team.instances);
  const v1Total = (data: OverviewData) => data.series.reduce((sum, day) => sum + day.v1Calls, 0);
  expect(v1Total(byTeam)).toBeLessThan(v1Total(all));

  // The region breakdown's CSV holds exactly the rows shown for this filter.
  const csv = await downloadCsv(page, card(page, "By region").getByRole("button", { name: "Export CSV" }));
  expect(csv.filename).toBe("overview-by-region.csv");
  expect(csv.rows[0]).toEqual([
    "region",
    "label",
    "instances",
    "required",
    "optional",
    "v2_only_percent",
    "v1_callers_14d",
    "rejected_14d",
  ]);
  expect(csv.rows.slice(1).map((row) => [row[0], Number(row[2]), Number(row[3]), Number(row[6])])).toEqual(
    byTeam.breakdowns.regions.map((row) => [row.key, row.instances, row.required, row.instancesWithV1Calls]),
  );

  // "Clear filters" drops them from the URL.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/team=/);
  await expect(statValue(page, "total-instances")).toHaveText(n(all.figures.instances));
  await expectAccessible(page);
});

test("a bad filter is answered 422 naming it, and the page names it and offers the link without it", async ({
  page,
  request,
}) => {
  const badDays = await request.get("/api/overview?days=5");
  expect(badDays.status()).toBe(422);
  expect((await badDays.json()).error.message).toMatch(/^days: /);
  const badAccount = await request.get("/api/overview?account=12345");
  expect(badAccount.status()).toBe(422);
  const body = await badAccount.json();
  expect(body.error.code).toBe("ValidationFailed");
  expect(body.error.message).toBe("account: must be a 12-digit AWS account id");

  // The page names the bad parameter and its value, shows no figures that would pass for a filtered
  // view, and offers the link without it.
  await page.goto("/?account=12345&days=30");
  const problems = page.getByTestId("url-problems");
  await expect(problems).toHaveAttribute("role", "alert");
  await expect(
    problems.getByRole("heading", { name: "This link has a filter the dashboard cannot apply" }),
  ).toBeVisible();
  await expect(problems.locator('li[data-param="account"]')).toHaveText(
    "account=12345: must be a 12-digit AWS account id",
  );
  await expect(page.getByTestId("chart-calls")).toHaveCount(0);
  await saveScreenshot(page, "overview-error");
  await problems.getByRole("link", { name: "Remove this filter" }).click();
  await expect(page).toHaveURL(/\/\?days=30$/);
  await expect(page.getByTestId("chart-calls")).toBeVisible();
});
