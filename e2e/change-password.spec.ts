// Changing a password: after an admin's reset the user must choose their own before any
// page, with field errors for a weak or mismatched one; the change ends their other sessions.
// And the banner every admin sees while an account still has the default password.
import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { makeUser } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("an admin resets a developer's password; the developer must set their own before any page, and their other session ends", async ({ page, browser }) => {
  const admin = await makeUser(["ADMIN"]);
  const developer = await makeUser(["SUBSCRIBER"]);
  const before = await browser.newContext();
  const beforePage = await before.newPage();
  await signIn(beforePage, developer.username, "secret");

  await signIn(page, admin.username, "secret");
  await page.goto(`/admin/users?q=${developer.username}`);
  await page.getByRole("grid", { name: "Users" }).getByRole("button", { name: `Actions for ${developer.username}` }).click();
  await page.getByRole("menuitem", { name: "Reset password" }).click();
  await page.getByRole("dialog", { name: `Reset the password of ${developer.username}?` }).getByRole("button", { name: "Reset password" }).click();
  const shown = page.getByRole("dialog", { name: `New temporary password for ${developer.username}` });
  const temporary = await shown.getByRole("textbox", { name: "Temporary password" }).inputValue();
  expect(temporary.length).toBeGreaterThanOrEqual(10);

  // The developer's earlier session ended with the reset.
  await beforePage.goto("/devportal/applications");
  await expect(beforePage).toHaveURL(/\/login/);

  const devContext = await browser.newContext();
  const dev = await devContext.newPage();
  await dev.goto("/login?callbackUrl=%2Fdevportal%2Fapplications");
  await signIn(dev, developer.username, temporary);
  await expect(dev).toHaveURL(/\/account\/password\?callbackUrl=%2Fdevportal%2Fapplications/);
  await expect(dev.getByText("Your password was set by an admin. Choose your own to continue.")).toBeVisible();
  // The catalogue too waits for the new password.
  await dev.goto("/devportal/apis");
  await expect(dev).toHaveURL(/\/account\/password/);
  await dev.goto("/account/password?callbackUrl=%2Fdevportal%2Fapplications");

  await dev.getByLabel("Current password").fill(temporary);
  await dev.getByRole("textbox", { name: "New password", exact: true }).fill("password1234");
  await dev.getByLabel("Confirm new password").fill("password1234");
  await dev.getByRole("button", { name: "Change password" }).click();
  await expect(dev.getByText("This is similar to a commonly used password. Add more words that are less common.")).toBeVisible();

  await dev.getByRole("textbox", { name: "New password", exact: true }).fill("Velvet-harbor-Quince-58");
  await dev.getByLabel("Confirm new password").fill("Velvet-harbor-Quince-59");
  await dev.getByRole("button", { name: "Change password" }).click();
  await expect(dev.getByText("The passwords do not match.")).toBeVisible();

  await dev.getByLabel("Confirm new password").fill("Velvet-harbor-Quince-58");
  await dev.getByRole("button", { name: "Change password" }).click();
  await expect(dev).toHaveURL(/\/devportal\/applications$/);
  await expect(dev.getByRole("heading", { name: "Applications" })).toBeVisible();
  expect(await db.user.findUniqueOrThrow({ where: { id: developer.id }, select: { mustChangePassword: true } })).toEqual({ mustChangePassword: false });
  await Promise.all([before.close(), devContext.close()]);
});

test("an admin whose account has the default password is told on every portal, changes it from the banner, and then sees who else still has it", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  // As the seeded admin/admin account is flagged; this one, so that the seeded one stays for the tutorial.
  await db.user.update({ where: { id: admin.id }, data: { hasDefaultPassword: true } });
  await signIn(page, admin.username, "secret");
  const own = `Your account ${admin.username} still has the default password.`;
  for (const path of ["/publisher/apis", "/devportal/apis", "/admin"]) {
    await page.goto(path);
    await expect(page.getByRole("alert").filter({ hasText: own })).toBeVisible();
  }
  await page.getByRole("alert").filter({ hasText: own }).getByRole("link", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText(`Change the password of ${admin.username}`)).toBeVisible();
  await page.getByLabel("Current password").fill("wrong");
  await page.getByRole("textbox", { name: "New password", exact: true }).fill("Copper-meadow-Lantern-42");
  await page.getByLabel("Confirm new password").fill("Copper-meadow-Lantern-42");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await page.getByLabel("Current password").fill("secret");
  await page.getByRole("button", { name: "Change password" }).click();
  // The banner links with no callbackUrl: to /devportal, which redirects to the catalogue; the URL ends there.
  await expect(page).toHaveURL(/\/devportal\/apis$/);
  // The seeded admin of the test stack still has admin/admin: that is what the banner says now.
  await expect(page.getByRole("alert").filter({ hasText: "The account admin still has the default password." })).toBeVisible();
  await expect(page.getByText(own)).toHaveCount(0);
  expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).hasDefaultPassword).toBe(false);
});

test("a subscriber sees no banner, and /account/password signed out asks to sign in first", async ({ page }) => {
  const user = await makeUser(["SUBSCRIBER"]);
  await page.goto("/account/password");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Fpassword/);
  await signIn(page, user.username, "secret");
  await page.goto("/devportal/apis");
  await expect(page.getByRole("heading", { name: "APIs", exact: true })).toBeVisible();
  await expect(page.getByText("still has the default password")).toHaveCount(0);
});
