import { expect, type Page } from "@playwright/test";

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, username: string, password: string) {
  if (!/\/login/.test(page.url())) await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
