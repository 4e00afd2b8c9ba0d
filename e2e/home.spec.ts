import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "@/lib/contracts/csv";
import { fleetTruth } from "./fleet-truth";
import { expectAccessible, saveScreenshot, watchConsole } from "./support";

// One server and one fresh database for the whole file: the tests run in order and build on
// each other (empty -> first collection -> a second run that conflicts).
test.describe.configure({ mode: "serial" });

const CSV_HEADER = [
  "account_id",
  "account_name",
  "region",
  "kind",
  "region_fallback",
  "status",
  "phase",
  "instances",
  "error_code",
  "error_message",
  "started_at",
  "finished_at",
  "duration_ms",
];

interface ApiRun {
  id: number;
  status: string;
  unitsTotal: number;
  unitsDone: number;
  units: { accountId: string; region: string; status: string; instances: number }[];
}

const outcomesTable = (page: Page) => page.getByRole("region", { name: /^Account-region outcomes of run/ });
const statValue = (page: Page, testId: string) => page.getByTestId(testId).locator(".stat-value");

test("the overview starts empty, collects the simulated fleet and shows its ground truth", async ({
  page,
  request,
}) => {
  const consoleErrors = watchConsole(page);

  await page.goto("/");
  await expect(page.getByTestId("mode-badge")).toHaveText("Simulated AWS");
  await expect(page.getByTestId("freshness")).toHaveText("never collected");
  await expect(page.getByRole("heading", { name: "No data yet — Collect now" })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, "home-empty");

  // Collect, then watch the progress bar: it only moves forward and ends full.
  await page.getByRole("button", { name: "Collect now" }).click();
  const bar = page.getByRole("progressbar");
  await expect(bar).toBeVisible();
  const progress = page.getByTestId("run-progress");
  const seen: { now: number; max: number }[] = [];
  await expect
    .poll(
      async () => {
        const [now, max, status] = await Promise.all([
          bar.getAttribute("aria-valuenow"),
          bar.getAttribute("aria-valuemax"),
          progress.getAttribute("data-status"),
        ]);
        seen.push({ now: Number(now), max: Number(max) });
        return status;
      },
      { timeout: 240_000, intervals: [200] },
    )
    .toBe("succeeded");
  const last = seen.at(-1)!;
  expect(last.max).toBeGreaterThan(0);
  expect(last.now).toBe(last.max);
  expect(
    seen.some((sample) => sample.now < last.max),
    "the bar was seen before it was full",
  ).toBe(true);
  for (let i = 1; i < seen.length; i++) expect(seen[i]!.now).toBeGreaterThanOrEqual(seen[i - 1]!.now);
  await expect(page.getByText(`${last.max} of ${last.max} account-regions`)).toBeVisible();
  test
    .info()
    .annotations.push({ type: "progress samples", description: seen.map((s) => `${s.now}/${s.max}`).join(" ") });

  // The run as the API reports it, and the fleet the simulator was built from.
  const status = await (await request.get("/api/status")).json();
  const runId: number = status.lastRun.id;
  const run: ApiRun = (await (await request.get(`/api/collection-runs/${runId}`)).json()).run;
  expect(run.status).toBe("succeeded");
  const truth = fleetTruth();

  // Totals: the UI equals the API, and both equal the simulator's ground truth.
  expect(status.totals.instances).toBe(truth.instances);
  expect(status.totals.httpTokensRequired).toBe(truth.required);
  expect(status.totals.httpTokensOptional).toBe(truth.optional);
  const n = (value: number) => value.toLocaleString("en-US");
  await expect(statValue(page, "total-instances")).toHaveText(n(truth.instances));
  await expect(statValue(page, "total-required")).toHaveText(n(truth.required));
  await expect(statValue(page, "total-optional")).toHaveText(n(truth.optional));
  await expect(statValue(page, "total-v2-share")).toHaveText(
    `${Math.round((truth.required / truth.instances) * 1000) / 10}%`,
  );
  await expect(statValue(page, "total-v1-calls")).toHaveText(n(status.totals.instancesWithV1Calls));
  await expect(statValue(page, "total-rejected")).toHaveText(n(status.totals.instancesWithRejected));
  await expect(page.getByTestId("freshness")).toHaveText(/^collected (just now|1 min ago)$/);
  await expectAccessible(page);
  await saveScreenshot(page, "home", { readme: true });

  // The overview's latest-run strip links to the run's own page, which holds its outcomes.
  await page.getByRole("link", { name: `Run #${runId} details` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Collection run #${runId}` })).toBeVisible();
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByText(`${last.max} of ${last.max} account-regions`)).toBeVisible();

  // Outcomes: one row per account-region of the run, all ok, covering every cell of the fleet.
  const rows = outcomesTable(page).locator("tbody tr");
  await expect(rows).toHaveCount(run.unitsTotal);
  expect(run.units).toHaveLength(run.unitsTotal);
  await expect(outcomesTable(page).locator("tbody td:nth-child(3)")).toHaveText(run.units.map(() => "ok"));
  const unitKeys = run.units.map((unit) => `${unit.accountId}/${unit.region}`);
  expect(new Set(run.units.map((unit) => unit.accountId))).toEqual(new Set(truth.activeAccountIds));
  for (const cell of truth.cellsWithInstances) expect(unitKeys).toContain(cell);
  expect(run.units.reduce((sum, unit) => sum + unit.instances, 0)).toBe(truth.instances);

  await expectAccessible(page);
  await saveScreenshot(page, "run-detail");

  // CSV export: the header and exactly one row per account-region.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`collection-run-${runId}.csv`);
  const saved = path.join(import.meta.dirname, "artifacts", download.suggestedFilename());
  await download.saveAs(saved);
  const csv = parseCsv(await readFile(saved, "utf8"));
  expect(csv[0]).toEqual(CSV_HEADER);
  expect(csv).toHaveLength(1 + run.unitsTotal);
  expect(
    csv
      .slice(1)
      .map((row) => `${row[0]}/${row[2]}`)
      .sort(),
  ).toEqual([...unitKeys].sort());
  expect(new Set(csv.slice(1).map((row) => row[CSV_HEADER.indexOf("status")]))).toEqual(new Set(["ok"]));

  // The status filter lives in the URL: a link to ?status=failed opens the filtered (empty) view.
  await page.goto(`/runs/${runId}?status=failed`);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("failed");
  await expect(outcomesTable(page)).toContainText("No account-regions with status failed in this run.");
  await expect(page.getByText(`0 of ${run.unitsTotal} shown`)).toBeVisible();
  await saveScreenshot(page, "run-detail-filter-failed");

  // ...and choosing a status in the page writes it back to the URL.
  await page.getByLabel("Status", { exact: true }).selectOption("ok");
  await expect(page).toHaveURL(/[?&]status=ok(&|$)/);
  await expect(rows).toHaveCount(run.unitsTotal);

  // A run that does not exist, or an id that cannot be one, is a real HTTP 404.
  for (const missing of [String(runId + 100_000), "not-a-run"]) {
    expect((await page.goto(`/runs/${missing}`))?.status(), missing).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  expect(consoleErrors).toEqual([]);
});
