import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const README_SCREENSHOTS = path.join(import.meta.dirname, "..", "public", "readme");

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
