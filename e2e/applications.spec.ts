import { expect, test } from "@playwright/test";
import { unique } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("a developer signs up, adds an application, renames it and deletes it; another developer cannot open it", async ({ page, browser }) => {
  const username = unique("dev");
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByLabel("Confirm password").fill("different");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter an email address")).toBeVisible();
  await expect(page.getByText("At least 10 characters.")).toBeVisible();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();

  // Long enough, but one of the most common: refused at the field, as a changed password is.
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel(/^Password/).fill("password1234");
  await page.getByLabel("Confirm password").fill("password1234");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("This is similar to a commonly used password. Add more words that are less common.")).toBeVisible();

  await page.getByLabel(/^Password/).fill("a-long-password");
  await page.getByLabel("Confirm password").fill("a-long-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /DefaultApplication/ })).toBeVisible();

  // Add new application; a duplicate name is refused at the field.
  await page.getByRole("button", { name: "Add new application" }).click();
  await page.getByLabel("Application name").fill("DefaultApplication");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("You already have an application named DefaultApplication.")).toBeVisible();
  await page.getByLabel("Application name").fill("WeatherDashboard");
  await page.getByLabel("Application description").fill("Shows live weather");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "WeatherDashboard", level: 1 })).toBeVisible();
  const appUrl = page.url();

  // Edit it.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Application name").fill("WeatherBoard");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "WeatherBoard", level: 1 })).toBeVisible();

  // Another developer cannot open it, even knowing its address.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/signup");
  const otherName = unique("dev");
  await otherPage.getByLabel("Username").fill(otherName);
  await otherPage.getByLabel(/^Password/).fill("another-password");
  await otherPage.getByLabel("Confirm password").fill("another-password");
  await otherPage.getByRole("button", { name: "Sign up" }).click();
  await expect(otherPage.getByRole("link", { name: /DefaultApplication/ })).toBeVisible();
  await expect(otherPage.getByRole("link", { name: /WeatherBoard/ })).toHaveCount(0);
  const refused = await otherPage.goto(appUrl);
  expect(refused?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await other.close();

  // Delete asks first.
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toContainText("keys and access tokens stop working");
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /WeatherBoard/ })).toHaveCount(0);

  // Signing out and in again works with the new account.
  await page.getByRole("button", { name: `Account of ${username}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, username, "a-long-password");
});
