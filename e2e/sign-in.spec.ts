import { expect, test } from "@playwright/test";
import { TEST_USERS } from "../lib/auth/testing";
import { LOCAL_URL } from "./oidc";
import { signIn } from "./oidc-sign-in";
import { expectAccessible, saveScreenshot } from "./support";

// Runs in the "oidc" project: its own `next start` with sign-in configured against a real OIDC
// provider (e2e/oidc-provider.ts). People sign in through the provider's login form.

test("an operator signs in through the provider, sees name and role, and signs out", async ({ page, request }) => {
  // The API refuses anonymous callers.
  const anonymous = await request.get("/api/status");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toContain("sign in");

  await signIn(page, TEST_USERS.operator);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("identity-role")).toHaveText("operator");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expectAccessible(page);
  await saveScreenshot(page, "signed-in-operator");

  const cookie = (await page.context().cookies()).find((entry) => entry.name === "imds_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  const me = await page.request.get("/api/me");
  expect(await me.json()).toMatchObject({ name: TEST_USERS.operator.name, role: "operator", kind: "oidc" });

  // Operators are not admins: the admin page and API answer 403.
  const adminPage = await page.goto("/admin");
  expect(adminPage?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  expect((await page.request.get("/api/users")).status()).toBe(403);

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a viewer sees the viewer role; an admin sees everyone on the Admin page", async ({ browser }) => {
  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, TEST_USERS.viewer);
  await expect(viewer.getByTestId("identity-role")).toHaveText("viewer");
  await viewer.context().close();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, TEST_USERS.admin);
  await expect(admin.getByTestId("identity-role")).toHaveText("admin");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  const table = admin.getByRole("table", { name: /People who have signed in/ });
  for (const [user, role] of [
    [TEST_USERS.admin, "admin"],
    [TEST_USERS.operator, "operator"],
    [TEST_USERS.viewer, "viewer"],
  ] as const) {
    await expect(table.getByRole("row").filter({ hasText: user.email })).toContainText(role);
  }
  await expectAccessible(admin);
  await saveScreenshot(admin, "admin-users");
  await admin.context().close();
});

test("without sign-in configured (the local-mode server) the header says you are the local admin", async ({ page }) => {
  // The "chromium" project's server: same build, no OIDC settings.
  await page.goto(`${LOCAL_URL}/`);
  await expect(page.getByTestId("identity")).toHaveText(
    "Local mode: you are admin (no sign-in configured; listening on 127.0.0.1 only)",
  );
  expect(await (await page.request.get(`${LOCAL_URL}/api/me`)).json()).toEqual({
    id: "local",
    name: "Local user",
    role: "admin",
    kind: "local",
  });
});
