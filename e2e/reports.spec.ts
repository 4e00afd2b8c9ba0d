import { expect, test, type Request } from "@playwright/test";
import type { OverviewData } from "@/lib/db/read/overview";
import { TEST_USERS } from "../lib/auth/testing";
import { signIn } from "./oidc-sign-in";
import { downloadCsv, ensureCollected, expectAccessible, saveScreenshot, watchConsole } from "./support";

// Runs in the "oidc" project: a signed-in operator shares the overview, and the link opens in a
// fresh browser context with no session, showing the snapshot and fetching nothing live.

const n = (value: number) => value.toLocaleString("en-US");

test("an operator shares the overview; the link opens without a session, fetches nothing live, prints, and stops working when revoked", async ({
  browser,
}) => {
  const operator = await (await browser.newContext()).newPage();
  await signIn(operator, TEST_USERS.operator);
  await ensureCollected(operator.request);
  const overview: OverviewData = await (await operator.request.get("/api/overview")).json();
  const region = overview.options.regions[0]!;
  const filtered: OverviewData = await (await operator.request.get(`/api/overview?region=${region}&days=30`)).json();

  // Share the filtered overview from the page.
  await operator.goto(`/?region=${region}&days=30`);
  await expect(operator.getByTestId("total-instances").locator(".stat-value")).toHaveText(
    n(filtered.figures.instances),
  );
  await operator.getByRole("button", { name: "Share" }).click();
  const dialog = operator.getByRole("dialog", { name: "Share a read-only report" });
  await dialog.getByLabel("Title").fill("IMDSv2 status for the CISO");
  await dialog.getByLabel("Link expires after").selectOption("30");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const link = await dialog.getByTestId("report-link").inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]{22}$/);
  await dialog.getByRole("button", { name: "Close" }).click();

  // A fresh context: no cookies, no session. Every request the page makes is recorded.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  const errors = watchConsole(reader);
  const requests: Request[] = [];
  reader.on("request", (request) => requests.push(request));
  const opened = await reader.goto(link);
  expect(opened?.status()).toBe(200);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("IMDSv2 status for the CISO");
  const report = reader.getByTestId("report");
  const meta = (label: string) =>
    report
      .locator("dl > div")
      .filter({ has: reader.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
      .locator("dd");
  await expect(meta("Region")).toHaveText(region);
  await expect(meta("Time range")).toHaveText("Last 30 days");
  await expect(meta("Source")).toHaveText("Simulated AWS");
  const figure = (label: string) =>
    report
      .locator(".stat-card")
      .filter({ has: reader.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) })
      .locator(".stat-value");
  await expect(figure("Instances")).toHaveText(n(filtered.figures.instances));
  await expect(figure("Tokens optional")).toHaveText(n(filtered.figures.optional));
  await expect(reader.getByTestId("readiness-blocked").locator("dd")).toHaveText(
    n(filtered.readiness.find((row) => row.readiness === "blocked")?.instances ?? 0),
  );
  await expect(reader.getByTestId("chart-tokens-share")).toBeVisible();
  await expect(reader.getByTestId("chart-calls")).toBeVisible();
  const regionRows = reader.getByTestId("report-table-regions").locator("tbody tr");
  await expect(regionRows).toHaveCount(1);
  await expect(regionRows).toContainText(region);

  // Nothing in the dashboard is reachable from it: no navigation, and no link outside /r/<token>.
  await expect(reader.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  const token = new URL(link).pathname.split("/")[2]!;
  const hrefs = await reader.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
  for (const href of hrefs) expect(href, "a link on the report page").toMatch(new RegExp(`^(#main|/r/${token}/)`));

  // The CSV is the snapshot's table.
  const csv = await downloadCsv(reader, report.getByRole("link", { name: "Download CSV" }).nth(1));
  expect(csv.rows[0]).toEqual([
    "key",
    "instances",
    "required",
    "optional",
    "v2_only_percent",
    "v1_callers_14d",
    "rejected_14d",
  ]);
  expect(csv.rows.slice(1).map((row) => row[0])).toEqual([region]);
  expect(csv.rows[1]![1]).toBe(String(filtered.figures.instances));

  // Print: the same document without buttons, kept as an artifact.
  await reader.emulateMedia({ media: "print" });
  await expect(report.getByRole("link", { name: "Download CSV" }).first()).toBeHidden();
  await saveScreenshot(reader, "report-print");
  await reader.emulateMedia({ media: "screen" });
  await expectAccessible(reader);
  await saveScreenshot(reader, "report");

  // Only the page and static assets were fetched: no API call, no other page, no live data.
  const paths = requests.map((request) => new URL(request.url()).pathname + new URL(request.url()).search);
  expect(paths.length).toBeGreaterThan(1);
  for (const path of paths) {
    expect(path, "a request made by the report page").toMatch(
      new RegExp(`^(/r/${token}(/csv\\?table=regions)?|/_next/static/.+|/icon\\.svg.*|/favicon\\.ico)$`),
    );
  }
  expect(errors).toEqual([]);

  // The token is the credential: no request the page made carries it in Referer (the page is
  // served with Referrer-Policy: no-referrer as a header, not only a late <meta>).
  expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
  const subresources = requests.filter((request) => request.url() !== link);
  expect(subresources.length, "the report page loads its assets").toBeGreaterThan(0);
  for (const request of subresources) {
    const referer = (await request.allHeaders())["referer"] ?? "";
    expect(referer, `Referer of ${request.url()}`).not.toContain(token);
  }

  // The same session-less browser cannot reach the dashboard or its API.
  expect((await reader.request.get("/api/overview")).status()).toBe(401);
  await reader.goto("/instances");
  await expect(reader).toHaveURL(/\/sign-in$/);

  // The server renders a PDF of it with its own Chromium.
  const pdf = await reader.request.get(`/r/${token}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // The Reports page: who made it, the one view, and Revoke.
  await operator.goto("/reports");
  const row = operator.getByRole("region", { name: "Shared reports" }).locator("tbody tr").filter({
    hasText: "IMDSv2 status for the CISO",
  });
  await expect(row).toContainText(TEST_USERS.operator.name);
  await expect(row).toContainText("active");
  await expect(row.locator("[data-testid^=report-views-]")).toHaveText("1");
  await expectAccessible(operator);
  await saveScreenshot(operator, "reports");
  operator.once("dialog", (confirm) => void confirm.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText(`revoked by ${TEST_USERS.operator.name}`);

  // Revoked: 410 with the reason; a token never issued: 404.
  const gone = await reader.goto(link);
  expect(gone?.status()).toBe(410);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("This report is no longer available");
  await expect(reader.getByText(`revoked by ${TEST_USERS.operator.name}`)).toBeVisible();
  expect((await reader.request.get(`/r/${token}/csv?table=regions`)).status()).toBe(410);
  expect((await reader.goto(`/r/${"A".repeat(22)}`))?.status()).toBe(404);
  await readerContext.close();

  // A viewer is not offered Share, and the API refuses them.
  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, TEST_USERS.viewer);
  await expect(viewer.getByTestId("total-instances")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Share" })).toHaveCount(0);
  const refused = await viewer.request.post("/api/reports", {
    data: { view: "overview" },
    headers: { origin: new URL(link).origin },
  });
  expect(refused.status()).toBe(403);
});
