import { expect, test, type APIRequestContext } from "@playwright/test";
import type { AuditPage } from "@/lib/db/write/audit";
import type { InstanceDetail } from "@/lib/db/read/instance-detail";
import type { InstanceListRow } from "@/lib/db/read/instance-list";
import type { RegionsView } from "@/lib/db/read/regions-view";
import { ensureCollected, expectAccessible, SAME_ORIGIN, saveScreenshot } from "./support";

test.describe.configure({ mode: "serial" });

const detail = async (request: APIRequestContext, id: string): Promise<InstanceDetail["instance"]> =>
  ((await (await request.get(`/api/instances/${id}`)).json()).instance as InstanceDetail).instance;

async function rowsOf(request: APIRequestContext, query: string): Promise<InstanceListRow[]> {
  return (await (await request.get(`/api/instances?${query}&limit=200`)).json()).rows;
}

test("select the ready instances, preview, confirm, see the results and the audit, roll back, and the simulator is restored", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  // An account-region without HttpTokensEnforced (a rollback to optional is refused there), with a
  // few ready instances and a blocked one to add by hand.
  const regions: RegionsView = await (await request.get("/api/regions")).json();
  const ready = await rowsOf(request, "readiness=ready&state=running");
  const blocked = await rowsOf(request, "readiness=blocked&state=running");
  const cell = regions.cells
    .filter((c) => c.httpTokensEnforced !== "enabled")
    .map((c) => ({
      ...c,
      ready: ready.filter((r) => r.accountId === c.accountId && r.region === c.region),
      blocked: blocked.filter((r) => r.accountId === c.accountId && r.region === c.region),
    }))
    .filter((c) => c.ready.length > 0 && c.blocked.length > 0)
    .sort((a, b) => a.ready.length - b.ready.length)[0]!;
  const readyIds = cell.ready.map((r) => r.id).sort();
  const extra = cell.blocked[0]!;
  const chosen = [...readyIds, extra.id];
  const before = new Map(await Promise.all(chosen.map(async (id) => [id, await detail(request, id)] as const)));
  for (const item of before.values()) expect(item.httpTokens).toBe("optional");

  await page.goto(`/instances?account=${cell.accountId}&region=${cell.region}&state=running&limit=200`);
  const panel = page.getByRole("region", { name: "Require IMDSv2" });
  await panel.getByRole("button", { name: "Select all ready" }).click();
  await expect(page.getByTestId("enforce-selection")).toContainText(
    `${readyIds.length} ${readyIds.length === 1 ? "instance" : "instances"} selected.`,
  );
  for (const id of readyIds)
    await expect(page.getByRole("checkbox", { name: `Choose ${id} for enforcement` })).toBeChecked();
  // A non-ready instance may be added; the preview then warns with its readiness reason.
  await page.getByRole("checkbox", { name: `Choose ${extra.id} for enforcement` }).check();
  await expect(page.getByTestId("enforce-selection")).toContainText("1 of them not ready");
  await panel.getByRole("button", { name: "Preview: require IMDSv2" }).click();

  const preview = page.getByRole("dialog", { name: "Preview: require IMDSv2" });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText("IMDSv1 calls fail from then on");
  const previewRows = preview.getByRole("region", { name: "Preview per instance" }).locator("tbody tr");
  await expect(previewRows).toHaveCount(chosen.length);
  await expect(preview.locator(`tr[data-instance-id="${readyIds[0]}"]`)).toContainText("optional, hop limit");
  await expect(preview.locator(`tr[data-instance-id="${readyIds[0]}"]`)).toContainText("→ required, hop limit");
  await expect(preview.locator(`tr[data-instance-id="${extra.id}"]`)).toContainText(/blocked: IMDSv1 calls/);
  await expectAccessible(page);
  await saveScreenshot(page, "instance-enforcement-preview");

  await preview.getByRole("button", { name: `Confirm: require IMDSv2 on ${chosen.length} instances` }).click();
  const results = page.getByRole("dialog", { name: "Enforcement results" });
  const resultRows = results.getByRole("region", { name: "Result per instance" }).locator("tbody tr");
  await expect(resultRows).toHaveCount(chosen.length);
  for (const id of chosen) await expect(results.locator(`tr[data-instance-id="${id}"]`)).toContainText("succeeded");
  await expect(results.locator(`tr[data-instance-id="${extra.id}"]`)).toContainText("(pending)");
  await expectAccessible(page);
  await saveScreenshot(page, "instance-enforcement-results");
  // The dashboard shows what EC2 answered at once: required, pending until the next collection.
  for (const id of chosen) {
    await expect
      .poll(async () => {
        const item = await detail(request, id);
        return [item.httpTokens, item.metadataState];
      })
      .toEqual(["required", "pending"]);
  }
  await results.getByRole("button", { name: "Close" }).click();
  await expect(results).toBeHidden();

  // One audit row per instance, with the instance, before and after, and AWS's request id.
  await page.goto(`/audit?action=instance-metadata.enforce`);
  const entries = page.getByRole("region", { name: "Audit entries" }).locator("tbody tr");
  await expect(entries).toHaveCount(chosen.length);
  for (const id of chosen) await expect(entries.filter({ hasText: id })).toContainText("succeeded");
  await expect(entries.first()).toContainText("HttpTokens=required");
  await expect(entries.first()).toContainText("Local user");
  const api: AuditPage = await (await request.get("/api/audit?action=instance-metadata.enforce")).json();
  expect(api.entries.map((e) => e.instanceId).sort()).toEqual([...chosen].sort());
  for (const entry of api.entries) expect(entry.awsRequestId).toMatch(/\S/);
  await saveScreenshot(page, "audit-instance-enforcement");

  // Roll back from the Audit page.
  await entries
    .first()
    .getByRole("button", { name: /^Undo change/ })
    .click();
  const rollbackDialog = page.getByRole("dialog", { name: /^Preview: roll back change [0-9a-f]{8}$/ });
  await expect(rollbackDialog.getByTestId("undo-preview")).toHaveAttribute("data-kind", "instances");
  for (const id of chosen) await expect(rollbackDialog).toContainText(id);
  await rollbackDialog.getByRole("button", { name: `Confirm: roll back ${chosen.length} instances` }).click();
  await expect(page.getByTestId("undo-result")).toContainText("Rollback");
  for (const id of chosen)
    await expect(page.getByTestId("undo-result")).toContainText(`${id} ${cell.accountId} ${cell.region} succeeded`);

  // The simulator's own state, through a fresh collection: every instance is back as it was, and
  // the collection sees the rollback applied (EC2 reports pending for a moment; the simulator 1 s).
  await page.waitForTimeout(1_500);
  const started = await request.post("/api/collection-runs", SAME_ORIGIN);
  expect(started.status()).toBe(202);
  const runId: number = (await started.json()).run.id;
  await expect
    .poll(async () => (await (await request.get(`/api/collection-runs/${runId}`)).json()).run.status, {
      timeout: 60_000,
    })
    .toMatch(/^(succeeded|partial)$/);
  for (const id of chosen) {
    const now = await detail(request, id);
    expect([now.httpTokens, now.httpPutResponseHopLimit, now.metadataState]).toEqual([
      "optional",
      before.get(id)!.httpPutResponseHopLimit,
      "applied",
    ]);
  }
});
