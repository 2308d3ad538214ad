import { expect, test } from "@playwright/test";
import { env, signIn, waitForHydration } from "./support";

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email", { exact: true }).fill(env("CRM_EMAIL"));
  await page.getByLabel("Password", { exact: true }).fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in opens the workspace with its objects, signing out ends it", async ({ page }) => {
  await signIn(page);

  const objects = page.getByRole("navigation", { name: "Objects" });
  for (const name of ["People", "Companies", "Deals"]) {
    await expect(objects.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText(env("CRM_EMAIL"))).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // The session is gone: the app sends us back to the login page.
  await page.goto("/objects/deals");
  await expect(page).toHaveURL(/\/login/);
});
