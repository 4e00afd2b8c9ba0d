import { expect, test } from "@playwright/test";
import { downloadCsv, expectAccessible, SAME_ORIGIN, saveScreenshot, watchConsole } from "./support";

// Kept out of the "empty-start" project (home.spec.ts), which gates the others: a run started by
// another client is a race by nature, and it must not keep the rest of the suite from running.

test("collect now while a run is in progress shows the API's conflict", async ({ page, request }) => {
  const consoleErrors = watchConsole(page);
  await page.goto("/runs");
  await expect(page.getByRole("button", { name: "Collect now" })).toBeEnabled();

  // Another client starts a run the page has not heard of yet; the page's click must then conflict.
  const started = await request.post("/api/collection-runs", SAME_ORIGIN);
  expect(started.status()).toBe(202);
  const { run } = await started.json();
  await page.getByRole("button", { name: "Collect now" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "Conflict" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(new RegExp(`run #?${run.id}\\b`));
  await saveScreenshot(page, "runs-conflict");

  // The page follows the other client's run to its end, then drops the stale message.
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-run-id", String(run.id));
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 240_000 });
  await expect(page.getByRole("button", { name: "Collect now" })).toBeEnabled();
  await expect(alert).toBeHidden();
  await expect(page.getByRole("link", { name: `#${run.id}`, exact: true })).toBeVisible();

  // The runs list exports exactly the runs it shows (the API's latest 50, newest first).
  const listed: { id: number; status: string }[] = (await (await request.get("/api/collection-runs?limit=50")).json())
    .runs;
  const shownRows = page.getByRole("region", { name: "Recent collection runs" }).locator("tbody tr");
  await expect(shownRows).toHaveCount(listed.length);
  const csv = await downloadCsv(page, page.getByRole("button", { name: "Export CSV" }));
  expect(csv.filename).toBe("collection-runs.csv");
  expect(csv.rows[0]?.slice(0, 2)).toEqual(["id", "status"]);
  expect(csv.rows.slice(1).map((row) => [Number(row[0]), row[1]])).toEqual(
    listed.map((item) => [item.id, item.status]),
  );
  await expectAccessible(page);
  await saveScreenshot(page, "runs");
  expect(consoleErrors).toEqual([]);
});
