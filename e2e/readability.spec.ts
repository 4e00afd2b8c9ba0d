import { expect, test, type Page } from "@playwright/test";
import { ensureCollected, expectAccessible, SAME_ORIGIN, saveScreenshot } from "./support";

// Issue 11, part 3: the pages read at a glance at the two window sizes people use. Measured, not eyeballed:
// nothing inside a card sticks out of it, every chart mark where data exists is at least 2 px, the
// navigation is one line, and axe finds nothing.
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

const PAGES = ["/", "/instances", "/regions", "/runs", "/alerts", "/audit", "/guardrail", "/reports"] as const;

type Overflow = { card: string; element: string; by: number };

/** Visible elements inside a `.card` that reach past its left or right edge, and tables that scroll sideways. */
function cardOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const found: { card: string; element: string; by: number }[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${
        el.getAttribute("class") ? `.${String(el.getAttribute("class")).trim().split(/\s+/).join(".")}` : ""
      } "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    for (const card of document.querySelectorAll<HTMLElement>(".card")) {
      if (!card.checkVisibility()) continue;
      const box = card.getBoundingClientRect();
      const title = card.querySelector("h1, h2, h3")?.textContent?.trim() ?? describe(card);
      for (const el of card.querySelectorAll<Element>("*")) {
        if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        // Screen-reader-only text is clipped to 1 px on purpose.
        if (getComputedStyle(el).position === "absolute" && getComputedStyle(el).clip !== "auto") continue;
        // Cells inside a scroller are judged by the scroller (below), not one by one.
        const scroller = el.parentElement?.closest(".table-scroll");
        if (scroller && card.contains(scroller)) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const by = Math.max(rect.right - box.right, box.left - rect.left);
        if (by > 1) found.push({ card: title, element: describe(el), by: Math.round(by) });
      }
      for (const scroller of card.querySelectorAll<HTMLElement>(".table-scroll")) {
        const by = scroller.scrollWidth - scroller.clientWidth;
        if (by > 1) found.push({ card: title, element: `table scroller "${scroller.getAttribute("aria-label")}"`, by });
        // Text that spills out of its cell overlaps the next one without widening the table.
        for (const cell of scroller.querySelectorAll<HTMLElement>("td, th")) {
          const spill = cell.scrollWidth - cell.clientWidth;
          if (spill > 1) found.push({ card: title, element: `cell ${describe(cell)}`, by: spill });
        }
      }
    }
    return found;
  });
}

/** Bars narrower than 2 px, and line/area series thinner than 2 px both ways, in every chart on the page. */
function thinChartMarks(page: Page) {
  return page.evaluate(() => {
    const thin: string[] = [];
    let marks = 0;
    for (const chart of document.querySelectorAll<HTMLElement>(".recharts-wrapper")) {
      const name = chart.closest("[data-testid]")?.getAttribute("data-testid") ?? "chart";
      for (const bar of chart.querySelectorAll<SVGGraphicsElement>(
        ".recharts-bar-rectangle path, .recharts-rectangle",
      )) {
        const rect = bar.getBoundingClientRect();
        if (rect.height < 0.5) continue; // a zero-valued day draws nothing: no data, no mark
        marks++;
        if (rect.width < 2) thin.push(`${name}: bar ${rect.width.toFixed(2)} px wide`);
      }
      for (const line of chart.querySelectorAll<SVGGraphicsElement>(".recharts-line-curve, .recharts-area-area")) {
        const rect = line.getBoundingClientRect();
        marks++;
        if (rect.width < 2 && rect.height < 2)
          thin.push(`${name}: series ${rect.width.toFixed(2)}x${rect.height.toFixed(2)} px`);
      }
    }
    return { marks, thin };
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test("every page: one-line navigation, nothing overflows its card, axe finds nothing", async ({
      page,
      request,
    }) => {
      await ensureCollected(request);
      // The widest audit row (a waiver's long before/after text) exists whichever specs ran first.
      const in30Days = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const waiver = await request.post("/api/guardrail/waivers", {
        ...SAME_ORIGIN,
        data: {
          policy: "ec2-metadata-imdsv2-required",
          address: `module.legacy_monitoring_agents.aws_instance.collector_${viewport.width}["eu-central-1-primary"]`,
          owner: "Observability team (legacy agents)",
          reason: "The legacy monitoring agent reads IMDSv1 until its upgrade ships",
          expiresAt: in30Days,
        },
      });
      expect(waiver.status(), await waiver.text()).toBe(201);
      for (const path of PAGES) {
        await page.goto(path);
        await expect(page.locator("main")).toBeVisible();
        await page.waitForLoadState("networkidle");

        const nav = page.getByRole("navigation", { name: "Main" });
        const tops = await nav
          .getByRole("link")
          .evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top)));
        expect(tops.length, `${path}: nav links`).toBeGreaterThan(5);
        expect(new Set(tops).size, `${path}: nav links on one line (tops ${tops.join(", ")})`).toBe(1);

        expect(await cardOverflows(page), `${path}: elements overflowing their card`).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${path}: page width`,
        ).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        await saveScreenshot(page, `readability${path === "/" ? "-overview" : path.replace("/", "-")}-${viewport.width}`);
      }
    });

    test("overview charts draw every mark at least 2 px wide; the figures say their window", async ({
      page,
      request,
    }) => {
      await ensureCollected(request);
      for (const range of ["?days=7", "", "?days=365"]) {
        await page.goto(`/${range}`);
        await expect(page.getByTestId("chart-calls").locator(".recharts-wrapper")).toBeVisible();
        await page.waitForLoadState("networkidle");
        const { marks, thin } = await thinChartMarks(page);
        expect(marks, `${range || "default range"}: chart marks`).toBeGreaterThan(0);
        expect(thin, `${range || "default range"}: marks under 2 px`).toEqual([]);
      }
      await page.goto("/");
      await expect(page.getByTestId("chart-calls").locator(".recharts-wrapper")).toBeVisible();
      await saveScreenshot(page, `overview-${viewport.width}x${viewport.height}`);
    });
  });
}

test("a URL with an invalid filter names each bad parameter and offers the link without them", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  await page.goto("/instances?httpTokens=bogus&region=zz-fake-1");
  const problems = page.getByTestId("url-problems");
  await expect(
    problems.getByRole("heading", { name: "This link has filters the dashboard cannot apply" }),
  ).toBeVisible();
  await expect(problems.locator('li[data-param="httpTokens"]')).toContainText("httpTokens=bogus");
  await expect(problems.locator('li[data-param="region"]')).toContainText("region=zz-fake-1");
  await expect(problems.locator('li[data-param="region"]')).toContainText("not a region the dashboard has collected");
  // No table that would pass for a filtered one.
  await expect(page.getByTestId("instances-table")).toHaveCount(0);
  await expectAccessible(page);
  await saveScreenshot(page, "instances-invalid-filter");
  await problems.getByRole("link", { name: "Remove these filters" }).click();
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByTestId("instances-table").locator("tbody tr[data-instance-id]").first()).toBeVisible();
  // The API refuses the same region with the same words, as a 422 naming the field.
  const api = await request.get("/api/instances?region=zz-fake-1");
  expect(api.status()).toBe(422);
  expect((await api.json()).error.message).toContain(
    'region[0]: "zz-fake-1" is not a region the dashboard has collected',
  );
});
