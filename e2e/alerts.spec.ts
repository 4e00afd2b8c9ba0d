import { expect, test } from "@playwright/test";
import type { AlertsPage } from "@/lib/db/write/alerts";
import { ensureCollected, expectAccessible, saveScreenshot } from "./support";

test.describe.configure({ mode: "serial" });

test("a collection with rejected IMDSv1 calls shows alerts; acknowledge one; create the instance's CloudWatch alarm", async ({
  page,
  request,
}) => {
  await ensureCollected(request);
  // The simulated fleet has switched-too-early instances whose IMDSv1 calls are rejected.
  const open: AlertsPage = await (await request.get("/api/alerts?type=rejected&state=open&limit=500")).json();
  expect(open.alerts.length).toBeGreaterThan(0);
  const alert = open.alerts.find((a) => a.acknowledgedAt === null)!;
  expect(alert.key).toBe(`rejected:${alert.instanceId}`);

  await page.goto("/alerts?state=open&type=rejected");
  await expect(page.getByRole("link", { name: "Alerts" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("nav-alert-count")).toBeVisible();
  const rows = page.getByTestId("alert-row");
  await expect(rows).toHaveCount(open.alerts.length);
  const row = rows.filter({ hasText: alert.instanceId! });
  await expect(row).toContainText(alert.title);
  await expect(row).toContainText("IMDSv1 calls rejected");
  await expectAccessible(page);
  await saveScreenshot(page, "alerts");

  await row.getByRole("button", { name: `Acknowledge alert ${alert.id}: ${alert.title}` }).click();
  await expect(row.getByTestId("acknowledged-by")).toContainText("Local user");
  const after: AlertsPage = await (await request.get(`/api/alerts?type=rejected&state=open&limit=500`)).json();
  expect(after.alerts.find((a) => a.id === alert.id)?.acknowledgedByName).toBe("Local user");
  expect(after.openUnacknowledged).toBe(open.openUnacknowledged - 1);
  // The filters are in the URL: the CSV export takes the same ones.
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    "/api/alerts/export?type=rejected&state=open",
  );

  // From the alert to its instance, where one click creates the alarm.
  await row.getByRole("link", { name: alert.instanceId! }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${alert.instanceId}`));
  const panel = page.getByTestId("alarm-panel");
  await expect(panel.getByTestId("alarm-state")).toContainText("does not exist");
  await panel.getByTestId("create-alarm").click();
  await expect(panel.getByTestId("alarm-result")).toContainText(`Created imds-rejected-${alert.instanceId}`);
  await expect(panel.getByTestId("alarm-state")).toContainText("alarm exists");
  await expect(panel.getByTestId("alarm-state")).toContainText(
    `arn:aws:sns:${alert.region}:${alert.accountId}:imds-alerts`,
  );
  await saveScreenshot(page, "instance-alarm");

  const audit = await (await request.get(`/api/audit?action=cloudwatch-alarm.create`)).json();
  expect(audit.entries[0]).toMatchObject({ instanceId: alert.instanceId, status: "succeeded" });
});
