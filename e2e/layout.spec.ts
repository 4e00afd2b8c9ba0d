import { expect, test, type Page } from "@playwright/test";
import { ensureCollected } from "./support";

// "Works at 1024 px wide": the main pages, with a collected fleet in their tables, scroll neither
// the page nor any table sideways.
test.use({ viewport: { width: 1024, height: 900 } });

const PAGES = [
  { path: "/instances", table: "Instances" },
  { path: "/", table: "Instances by account" },
  { path: "/regions", table: "Account and region defaults" },
  { path: "/runs", table: "Recent collection runs" },
];

const widths = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll<HTMLElement>(".table-scroll")].map((scroller) => ({
      name: scroller.getAttribute("aria-label"),
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
    })),
  }));

test("the main pages fit a 1024 px window without scrolling sideways", async ({ page, request }) => {
  await ensureCollected(request);
  for (const { path, table } of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("region", { name: table, exact: true }).locator("tbody tr").first()).toBeVisible();
    const measured = await widths(page);
    expect(measured.page, `${path}: page scrollWidth`).toBeLessThanOrEqual(1024);
    expect(measured.tables.length, `${path}: tables`).toBeGreaterThan(0);
    for (const scroller of measured.tables) {
      expect(scroller.scrollWidth, `${path}: table "${scroller.name}"`).toBeLessThanOrEqual(scroller.clientWidth);
    }
  }
});

test("below 1200 px the instances table leaves out AMI and launch template, and says where they are", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  const note = page.getByText("At this width the AMI and launch template columns are left out");
  await page.goto("/instances");
  await expect(page.getByRole("columnheader", { name: "v1 7 d" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "AMI", exact: true })).toBeHidden();
  await expect(page.getByRole("columnheader", { name: "Launch template" })).toBeHidden();
  await expect(note).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByRole("columnheader", { name: "AMI", exact: true })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Launch template" })).toBeVisible();
  await expect(note).toBeHidden();
  const measured = await widths(page);
  expect(measured.page).toBeLessThanOrEqual(1280);
  for (const scroller of measured.tables) expect(scroller.scrollWidth).toBeLessThanOrEqual(scroller.clientWidth);
});
