import { expect, test } from "@playwright/test";
import type { AuditPage } from "@/lib/db/write/audit";
import type { RegionsView } from "@/lib/db/read/regions-view";
import { snapshotOf } from "@/lib/domain/region-defaults";
import { TEST_USERS } from "../lib/auth/testing";
import { regionalDefaultsTruth } from "./fleet-truth";
import { OIDC_APP_URL } from "./oidc";
import { signIn } from "./oidc-sign-in";
import { ensureCollected, findCell, expectAccessible, saveScreenshot } from "./support";

// Runs in the "oidc" project: changes made by a signed-in operator carry their name, and a viewer
// is offered no change controls while the API refuses them. The server's simulator runs in its
// process (AWS_MODE=simulator, no SIMULATOR_ENDPOINT) with the E2E_FLEET seed, so
// regionalDefaultsTruth() knows each region's defaults as the simulator started.

test("an operator changes a region and undoes it under their name; a viewer gets no controls and the API refuses them", async ({
  browser,
  request: anonymous,
}) => {
  const operator = await (await browser.newContext()).newPage();
  await signIn(operator, TEST_USERS.operator);
  await ensureCollected(operator.request);
  const view: RegionsView = await (await operator.request.get("/api/regions")).json();
  const cell = view.cells.find((c) => c.managedBy !== "declarative-policy" && c.httpTokens !== "required")!;
  const { accountId, region } = cell;
  const original = regionalDefaultsTruth(accountId, region);
  expect(snapshotOf(cell)).toEqual(original);

  // Operator: choose the cell, HttpTokens required, preview, confirm, see the per-cell result.
  await operator.goto("/regions");
  await operator.getByRole("checkbox", { name: `Choose ${accountId} ${region} for a change` }).check();
  const panel = operator.getByRole("region", { name: "Change defaults" });
  await panel.getByLabel("HttpTokens", { exact: true }).selectOption("required");
  await panel.getByRole("button", { name: "Preview change" }).click();
  const preview = operator.getByRole("dialog", { name: "Preview: change regional defaults" });
  await expect(preview).toContainText(`HttpTokens ${original.httpTokens ?? "not set"} → required`);
  await expect(preview).toContainText("apply only to instances launched after the change");
  await preview.getByRole("button", { name: "Confirm: change 1 account-region" }).click();
  const results = operator.getByRole("dialog", { name: "Change results" });
  const resultRow = results.getByRole("region", { name: "Result per account-region" }).locator("tbody tr");
  await expect(resultRow).toHaveCount(1);
  await expect(resultRow).toContainText(accountId);
  await expect(resultRow).toContainText("succeeded");
  await expect.poll(async () => (await findCell(operator.request, accountId, region)).httpTokens).toBe("required");
  await results.getByRole("button", { name: "Close" }).click();

  // The audit entry names the operator, and offers them Undo.
  await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  const operatorEntry = operator.getByRole("region", { name: "Audit entries" }).locator("tbody tr").first();
  await expect(operatorEntry).toContainText("region-defaults.set");
  await expect(operatorEntry).toContainText(TEST_USERS.operator.name);
  await expect(operatorEntry).toContainText(`${accountId}`);
  await expect(operatorEntry.getByRole("button", { name: /^Undo change/ })).toBeVisible();

  // Viewer, while that change is still undoable: the data, but no change controls.
  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, TEST_USERS.viewer);
  await expect(viewer.getByRole("button", { name: "Collect now" })).toHaveCount(0);
  await viewer.goto("/regions");
  const grid = viewer.getByRole("region", { name: "Account and region defaults" });
  await expect(grid.locator("tbody tr").filter({ hasText: accountId }).filter({ hasText: region })).toContainText(
    "required",
  );
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByRole("region", { name: "Change defaults" })).toHaveCount(0);
  await expect(viewer.getByText("Your role is viewer")).toBeVisible();
  await expectAccessible(viewer);
  await saveScreenshot(viewer, "regions-viewer");
  await viewer.goto("/audit");
  const viewerEntry = viewer.getByRole("region", { name: "Audit entries" }).locator("tbody tr").first();
  await expect(viewerEntry).toContainText(TEST_USERS.operator.name);
  await expect(viewer.getByRole("button", { name: /^Undo/ })).toHaveCount(0);
  // ...and no instance selection or "Require IMDSv2" on the Instances page.
  await viewer.goto("/instances");
  await expect(viewer.getByRole("region", { name: "Instances" }).locator("tbody tr").first()).toBeVisible();
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Select all ready" })).toHaveCount(0);

  // The API refuses what the UI does not offer: a viewer 403, nobody 401, both same-origin.
  const previewBody = { cells: [{ accountId, region }], target: { httpTokens: "optional" } };
  const sameOrigin = { headers: { origin: OIDC_APP_URL }, data: previewBody };
  const refused = await viewer.request.post("/api/changes/region-defaults/preview", sameOrigin);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toEqual({
    code: "Forbidden",
    message: `Forbidden: this needs the operator role or higher; ${TEST_USERS.viewer.name} is viewer`,
  });
  const unsigned = await anonymous.post("/api/changes/region-defaults/preview", sameOrigin);
  expect(unsigned.status()).toBe(401);
  expect((await unsigned.json()).error.code).toBe("Unauthenticated");
  await viewer.context().close();

  // Operator undoes it from the audit page: the simulator's defaults are back as they started.
  await operatorEntry.getByRole("button", { name: /^Undo change/ }).click();
  await operator
    .getByRole("dialog", { name: /^Preview: undo change/ })
    .getByRole("button", { name: /^Confirm: undo on 1 account-region$/ })
    .click();
  await expect(operator.getByTestId("undo-result")).toContainText(`${accountId} ${region} succeeded`);
  const afterUndo: AuditPage = await (
    await operator.request.get(`/api/audit?account=${accountId}&region=${region}`)
  ).json();
  expect(afterUndo.entries[0]).toMatchObject({
    action: "region-defaults.undo",
    status: "succeeded",
    actorName: TEST_USERS.operator.name,
  });
  // The undo's "after" is GetInstanceMetadataDefaults read back from the simulator.
  expect(afterUndo.entries[0]!.after).toEqual(original);
  await expect.poll(async () => snapshotOf(await findCell(operator.request, accountId, region))).toEqual(original);
  await operator.context().close();
});
