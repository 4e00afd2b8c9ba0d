import { expect, test } from "@playwright/test";
import type { AuditPage } from "@/lib/db/write/audit";
import type { RegionsView } from "@/lib/db/read/regions-view";
import { snapshotOf } from "@/lib/domain/region-defaults";
import { regionalDefaultsTruth } from "./fleet-truth";
import { downloadCsv, ensureCollected, findCell, expectAccessible, saveScreenshot } from "./support";

test.describe.configure({ mode: "serial" });

test("flip a region to required with the preview, see the audit entry, undo, and the simulator is restored", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  const view: RegionsView = await (await request.get("/api/regions")).json();
  const cell = view.cells.find((c) => c.managedBy !== "declarative-policy" && c.httpTokens !== "required")!;
  const { accountId, region } = cell;
  // What the simulator started with: undo must bring exactly this back.
  const original = regionalDefaultsTruth(accountId, region);
  expect(snapshotOf(cell)).toEqual(original);

  await page.goto("/regions");
  // A region a declarative policy manages cannot be chosen.
  const managed = view.cells.find((c) => c.managedBy === "declarative-policy");
  if (managed) {
    await expect(
      page.getByRole("checkbox", { name: `Choose ${managed.accountId} ${managed.region} for a change` }),
    ).toBeDisabled();
  }
  await page.getByRole("checkbox", { name: `Choose ${accountId} ${region} for a change` }).check();
  const panel = page.getByRole("region", { name: "Change defaults" });
  await panel.getByLabel("HttpTokens", { exact: true }).selectOption("required");
  await panel.getByRole("button", { name: "Preview change" }).click();

  const preview = page.getByRole("dialog", { name: "Preview: change regional defaults" });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText("apply only to instances launched after the change");
  await expect(preview).toContainText(`HttpTokens ${original.httpTokens ?? "not set"} → required`);
  await expect(preview).toContainText(/In the last 30 days \d+ instances? launched here/);
  await expect(preview).toContainText(/running instances? made IMDSv1 calls/);
  await expectAccessible(page);
  await saveScreenshot(page, "region-change-preview");

  await preview.getByRole("button", { name: "Confirm: change 1 account-region" }).click();
  const results = page.getByRole("dialog", { name: "Change results" });
  const resultRow = results.getByRole("region", { name: "Result per account-region" }).locator("tbody tr");
  await expect(resultRow).toHaveCount(1);
  await expect(resultRow).toContainText("succeeded");
  await expect(resultRow).toContainText(accountId);
  await expectAccessible(page);
  await saveScreenshot(page, "region-change-results");
  // The Regions page shows the new value without a collection.
  // (Polled: the API's read cache trusts one data-version lookup for up to 500 ms.)
  await expect.poll(async () => (await findCell(request, accountId, region)).httpTokens).toBe("required");
  await results.getByRole("button", { name: "Close" }).click();
  await expect(results).toBeHidden();
  const grid = page.getByRole("region", { name: "Account and region defaults" });
  await expect(grid.locator("tbody tr").filter({ hasText: accountId }).filter({ hasText: region })).toContainText(
    "required",
  );

  // The audit entry: who, what, before and after, AWS's request id.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  const entries = page.getByRole("region", { name: "Audit entries" }).locator("tbody tr");
  const entry = entries.first();
  await expect(entry).toContainText("region-defaults.set");
  await expect(entry).toContainText(accountId);
  await expect(entry).toContainText(region);
  await expect(entry).toContainText("Local user");
  await expect(entry).toContainText("succeeded");
  await expect(entry).toContainText("HttpTokens=required");
  const api: AuditPage = await (await request.get(`/api/audit?account=${accountId}&region=${region}`)).json();
  expect(api.entries[0]).toMatchObject({ action: "region-defaults.set", status: "succeeded", actorId: "local" });
  expect(api.entries[0]!.awsRequestId).toMatch(/\S/);
  await expectAccessible(page);
  await saveScreenshot(page, "audit");

  // Filters live in the URL; the CSV holds the filtered rows.
  await page.getByLabel("Status", { exact: true }).selectOption("succeeded");
  await expect(page).toHaveURL(/[?&]status=succeeded(&|$)/);
  const csv = await downloadCsv(page, page.getByRole("link", { name: "Export CSV" }));
  expect(csv.filename).toBe("audit.csv");
  const at = (name: string) => csv.rows[0]!.indexOf(name);
  expect(csv.rows.slice(1).map((row) => row[at("id")])).toContain(api.entries[0]!.id);
  expect(csv.rows.slice(1).every((row) => row[at("status")] === "succeeded")).toBe(true);

  // Undo from the audit page: a server-side preview (with a DryRun per account-region) first, and
  // nothing is sent to AWS until the confirm.
  await entries
    .first()
    .getByRole("button", { name: /^Undo change/ })
    .click();
  const undoDialog = page.getByRole("dialog", { name: /^Preview: undo change [0-9a-f]{8}$/ });
  await expect(undoDialog.getByTestId("undo-preview")).toHaveAttribute("data-kind", "region-defaults");
  await expect(undoDialog).toContainText(`${accountId} · ${region}`);
  const beforeConfirm: AuditPage = await (await request.get(`/api/audit?account=${accountId}&region=${region}`)).json();
  expect(beforeConfirm.entries[0]!.id).toBe(api.entries[0]!.id);
  await undoDialog.getByRole("button", { name: "Confirm: undo on 1 account-region" }).click();
  await expect(page.getByRole("dialog", { name: /^Undo results: change [0-9a-f]{8}$/ })).toContainText("succeeded");
  await expect(page.getByTestId("undo-result")).toContainText(`${accountId} ${region} succeeded`);
  const afterUndo: AuditPage = await (await request.get(`/api/audit?account=${accountId}&region=${region}`)).json();
  expect(afterUndo.entries[0]).toMatchObject({
    action: "region-defaults.undo",
    status: "succeeded",
    undoOf: api.entries[0]!.id,
  });
  // The undo's "after" is GetInstanceMetadataDefaults read back from the simulator: its start state.
  expect(afterUndo.entries[0]!.after).toEqual(original);
  await expect.poll(async () => snapshotOf(await findCell(request, accountId, region))).toEqual(original);

  // A cross-site request to change anything is refused.
  const crossSite = await request.post("/api/changes/region-defaults", {
    headers: { origin: "https://attacker.example" },
    data: { cells: [{ accountId, region, before: original }], target: { httpTokens: "optional" } },
  });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("CsrfRejected");
});
