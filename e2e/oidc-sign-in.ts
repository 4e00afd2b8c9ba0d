import { expect, type Page } from "@playwright/test";
import { TEST_PASSWORD, type TestUser } from "../lib/auth/testing";
import { OIDC_ISSUER } from "./oidc";

/** Signs `user` in on the "oidc" project's server through the provider's login form. */
export async function signIn(page: Page, user: TestUser) {
  await page.goto("/");
  // Anonymous visitors are sent to the sign-in page.
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.getByLabel("Username").fill(user.login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("identity-name")).toHaveText(user.name);
}
