import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { parseCsv } from "@/lib/contracts/csv";
import type { RegionCell, RegionsView } from "@/lib/db/read/regions-view";

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const README_SCREENSHOTS = path.join(import.meta.dirname, "..", "public", "readme");

/**
 * What a browser's own same-origin POST carries: the API refuses changes without it (its CSRF check),
 * and Playwright's request context sends neither Origin nor Sec-Fetch-Site.
 */
export const SAME_ORIGIN = { headers: { "sec-fetch-site": "same-origin" } };

/** Saves a full-page screenshot to e2e/artifacts/<name>.png (and the README copy when asked). */
export async function saveScreenshot(page: Page, name: string, options: { readme?: boolean } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Let the bar's width transition settle so the picture shows the final state.
  await page.waitForTimeout(500);
  const image = await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (options.readme && process.env.UPDATE_README_SCREENSHOT === "1") {
    mkdirSync(README_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(README_SCREENSHOTS, `${name}.png`), fullPage: true });
  }
  return image;
}

/**
 * Collects script errors and React warnings (e.g. hydration mismatches) for the test to assert on.
 * Chromium logs failed HTTP requests as errors too; tests check those through the UI instead.
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** No serious or critical axe violations (WCAG 2.x A/AA) on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
    }));
  expect(blocking, "serious/critical accessibility violations").toEqual([]);
}

/** Clicks an "Export CSV" button, keeps the file in e2e/artifacts and returns its parsed rows. */
export async function downloadCsv(page: Page, button: Locator): Promise<{ filename: string; rows: string[][] }> {
  const downloading = page.waitForEvent("download");
  await button.click();
  const download = await downloading;
  mkdirSync(ARTIFACTS, { recursive: true });
  const saved = path.join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(saved);
  return { filename: download.suggestedFilename(), rows: parseCsv(await readFile(saved, "utf8")) };
}

/**
 * Makes sure the fleet has been collected once, reusing a finished run when an earlier spec made
 * one (the e2e server and its database are shared by the spec files, which run in order).
 */
export async function ensureCollected(request: APIRequestContext): Promise<number> {
  const lastRun = async () =>
    (await (await request.get("/api/status")).json()).lastRun as { id: number; status: string } | null;
  let run = await lastRun();
  if (run === null) {
    const started = await request.post("/api/collection-runs", SAME_ORIGIN);
    expect(started.status()).toBe(202);
    run = (await started.json()).run as { id: number; status: string };
  }
  await expect
    .poll(async () => (await lastRun())?.status, { timeout: 240_000, intervals: [500] })
    .toMatch(/^(succeeded|partial)$/);
  return (await lastRun())!.id;
}

/** One account-region's row of GET /api/regions (its defaults and counts as the dashboard stored them). */
export async function findCell(request: APIRequestContext, accountId: string, region: string): Promise<RegionCell> {
  const view: RegionsView = await (await request.get("/api/regions")).json();
  return view.cells.find((cell) => cell.accountId === accountId && cell.region === region)!;
}

/**
 * The days the calls chart draws: today is left out while it has no calls (CloudWatch has not
 * summed it yet), and a day without metrics (null, or missing from the series) is no point.
 */
export function callsChartPoints(
  series: readonly { day: string; v1Calls: number | null; rejectedCalls: number | null }[],
  today: string,
): number {
  return series.filter(
    (day) =>
      (day.v1Calls !== null || day.rejectedCalls !== null) && (day.day !== today || day.v1Calls || day.rejectedCalls),
  ).length;
}
