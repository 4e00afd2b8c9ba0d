import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { AuditPage } from "@/lib/db/write/audit";
import type { RegionsView } from "@/lib/db/read/regions-view";
import { evaluateGuard } from "@/lib/terraform-guard/evaluate";
import { parsePlanText } from "@/lib/terraform-guard/plan";
import { renderTextReport } from "@/lib/terraform-guard/render-text";
import { downloadCsv, ensureCollected, expectAccessible, saveScreenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

const PLANS = path.resolve(import.meta.dirname, "../lib/terraform-guard/fixtures/plans");
const planText = (name: string) => readFileSync(path.join(PLANS, `${name}.json`), "utf8");
/** What `npx imds-guard <plan>` prints (no waivers, no live context). */
const cliText = (name: string) => renderTextReport(evaluateGuard(parsePlanText(planText(name), `${name}.json`)));

const widths = (page: import("@playwright/test").Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll<HTMLElement>(".table-scroll")].map((scroller) => ({
      name: scroller.getAttribute("aria-label"),
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
    })),
  }));

test("paste a plan: the CLI's verdict and trace; a bad plan names the JSON path", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guardrail" }).click();
  await expect(page).toHaveURL(/\/guardrail$/);
  await expect(page.getByRole("heading", { level: 1, name: "Guardrail" })).toBeVisible();

  await page.getByLabel("Plan JSON").fill(planText("modules-count-for-each"));
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByTestId("guard-verdict")).toHaveText(
    /Fail\s*pasted plan: 4 violations, 0 waived, in 4 policies\./,
  );
  // The monospace block is the CLI's output, character for character.
  expect(await page.getByTestId("guard-trace").textContent()).toBe(cliText("modules-count-for-each"));
  const instances = page.getByRole("region", { name: "Violations of ec2-metadata-imdsv2-required" });
  await expect(instances.locator("tbody tr")).toHaveCount(3);
  await expect(instances.locator('tr[data-address="module.web.aws_instance.app[1]"]')).toContainText(
    'metadata_options.http_tokens is "optional"',
  );
  await expectAccessible(page);
  const measured = await widths(page);
  expect(measured.page).toBeLessThanOrEqual(1024);
  for (const scroller of measured.tables) {
    expect(scroller.scrollWidth, `table "${scroller.name}"`).toBeLessThanOrEqual(scroller.clientWidth);
  }
  await saveScreenshot(page, "guardrail");

  const broken = JSON.parse(planText("seed-fail"));
  broken.planned_values.root_module.resources[0].values = [];
  await page.getByLabel("Plan JSON").fill(JSON.stringify(broken));
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.locator(".alert")).toContainText(
    "pasted plan: $.planned_values.root_module.resources[0].values: expected an object, found an array",
  );
  await page.getByLabel("Plan JSON").fill("{ not json");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.locator(".alert")).toContainText("pasted plan: not valid JSON at line 1 column 3");
  expect(errors).toEqual([]);
});

test("upload a plan, waive a violation (validated), see it waived and audited, export and filter, revoke", async ({
  page,
  request,
}) => {
  await page.goto("/guardrail");
  await page.getByLabel("Or upload the file").setInputFiles(path.join(PLANS, "seed-fail.json"));
  await expect(page.getByLabel("Plan JSON")).toHaveValue(planText("seed-fail"));
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByTestId("guard-verdict")).toHaveText(/Fail\s*seed-fail\.json: 1 violation, 0 waived/);
  expect(await page.getByTestId("guard-trace").textContent()).toBe(cliText("seed-fail"));

  await page.getByRole("button", { name: "Waive ec2-metadata-imdsv2-required for aws_instance.example" }).click();
  const dialog = page.getByRole("dialog", { name: "Waive a violation" });
  await expect(dialog).toBeVisible();
  const in30Days = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await expect(dialog.getByLabel("Expires")).toHaveValue(in30Days);
  await dialog.getByRole("button", { name: "Waive" }).click();
  await expect(dialog.getByText("Owner: must name who owns this exception")).toBeVisible();
  await expect(dialog.getByText("Reason: must say why the violation is accepted")).toBeVisible();
  await expect(dialog.getByLabel("Owner")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await saveScreenshot(page, "guardrail-waive-dialog");
  await dialog.getByLabel("Owner").fill("Platform team");
  await dialog.getByLabel("Reason").fill("Legacy monitoring agent reads IMDSv1 until its upgrade");
  await dialog.getByRole("button", { name: "Waive" }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId("guard-verdict")).toHaveText(/Pass\s*seed-fail\.json: 0 violations, 1 waived/);
  const row = page.getByRole("region", { name: "Violations of ec2-metadata-imdsv2-required" }).locator("tbody tr");
  await expect(row).toContainText("waived");
  await expect(row).toContainText(`Platform team until ${in30Days}`);
  await expect(page.getByTestId("guard-trace")).toContainText("Waived 1 resource violations");
  // Other specs may waive other addresses; this test follows its own.
  const waivers = page
    .getByRole("region", { name: "Guardrail waivers" })
    .locator("tbody tr")
    .filter({ hasText: "aws_instance.example" });
  await expect(waivers).toHaveCount(1);
  await expect(waivers).toContainText("aws_instance.example");
  await expect(waivers).toContainText("active");

  const audit: AuditPage = await (await request.get("/api/audit?action=guard-waiver.create")).json();
  expect(
    audit.entries
      .filter((entry) => (entry.after as { address: string }).address === "aws_instance.example")
      .map((entry) => [entry.actorName, entry.status, (entry.after as { owner: string }).owner]),
  ).toEqual([["Local user", "succeeded", "Platform team"]]);

  const csv = await downloadCsv(page, page.getByRole("link", { name: "Export CSV" }));
  expect(csv.filename).toBe("guardrail-waivers.csv");
  expect(
    csv.rows
      .slice(1)
      .filter((cells) => cells[3] === "aws_instance.example")
      .map((cells) => [cells[1], cells[3], cells[4]]),
  ).toEqual([["active", "aws_instance.example", "Platform team"]]);

  // Filters live in the URL, and the URL restores them.
  await page.getByLabel("State").selectOption("revoked");
  await expect(page).toHaveURL(/state=revoked/);
  await expect(page.getByText("No waivers match these filters.")).toBeVisible();
  await page.goto("/guardrail?state=active&owner=platform");
  await expect(page.getByLabel("State")).toHaveValue("active");
  await expect(page.getByRole("region", { name: "Guardrail waivers" }).locator("tbody tr")).toHaveCount(1);

  await page.getByRole("button", { name: /^Revoke waiver \d+ \(aws_instance\.example\)$/ }).click();
  await expect(page.getByText("No waivers match these filters.")).toBeVisible();
  await page.goto("/guardrail?state=revoked");
  await expect(page.getByRole("region", { name: "Guardrail waivers" }).locator("tbody tr")).toContainText("revoked");
  // Revoked: the violation counts again.
  await page.getByLabel("Plan JSON").fill(planText("seed-fail"));
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByTestId("guard-verdict")).toHaveText(/Fail\s*pasted plan: 1 violation, 0 waived/);
  const revoked: AuditPage = await (await request.get("/api/audit?action=guard-waiver.revoke")).json();
  expect(revoked.entries).toHaveLength(1);
});

test("the live context uses the collected regional defaults and says which fact decided", async ({ page, request }) => {
  await ensureCollected(request);
  const view: RegionsView = await (await request.get("/api/regions")).json();
  const region = view.cells[0]!.region;
  const plan = JSON.parse(planText("defaults-absent"));
  plan.configuration.provider_config.aws.expressions.region.constant_value = region;

  await page.goto("/guardrail");
  await page.getByLabel("Use collected regional defaults").check();
  await expect(page).toHaveURL(/live=true/);
  await page.getByLabel("Plan JSON").fill(JSON.stringify(plan));
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByTestId("guard-verdict")).toContainText("(live context on)");
  await expect(page.getByTestId("guard-trace")).toContainText(`live context: `);
  await expect(page.getByTestId("guard-trace")).toContainText(region);
});
