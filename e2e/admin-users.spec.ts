import { expect, test } from "@playwright/test";
import { makeUser } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("an admin grants the creator role to a subscriber, who then reaches the Publisher's Create API", async ({ page, browser }) => {
  const admin = await makeUser(["ADMIN"]);
  const developer = await makeUser(["SUBSCRIBER"]);

  await signIn(page, admin.username, "secret");
  await page.getByRole("button", { name: `Account of ${admin.username}` }).click();
  await page.getByRole("menuitem", { name: "Admin portal" }).click();
  await page.getByRole("navigation", { name: "Admin navigation" }).getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search users").fill(developer.username);
  await page.getByRole("button", { name: "Search" }).click();
  const grid = page.getByRole("grid", { name: "Users" });
  await expect(grid.getByRole("row")).toHaveCount(2); // the header and the one match

  await grid.getByRole("button", { name: `Actions for ${developer.username}` }).click();
  await page.getByRole("menuitem", { name: "Edit roles" }).click();
  const dialog = page.getByRole("dialog", { name: `Roles of ${developer.username}` });
  await dialog.getByRole("checkbox", { name: "Creator" }).check();
  await dialog.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByText(`Roles of ${developer.username} saved`)).toBeVisible();
  await expect(grid.getByText("Creator")).toBeVisible();

  const other = await browser.newContext();
  const developerPage = await other.newPage();
  await signIn(developerPage, developer.username, "secret");
  await developerPage.goto("/publisher/apis");
  await developerPage.getByRole("button", { name: "Create API" }).first().click();
  await developerPage.getByRole("menuitem", { name: /WebSocket API/ }).click();
  await expect(developerPage).toHaveURL(/\/publisher\/apis\/create\/websocket/);

  // Still not an admin: the Admin portal answers 403.
  const response = await developerPage.goto("/admin");
  expect(response?.status()).toBe(403);
  await other.close();
});

test("an admin cannot disable their own account, and edits the four roles", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  await signIn(page, admin.username, "secret");
  await page.goto(`/admin/users?q=${admin.username}`);
  const grid = page.getByRole("grid", { name: "Users" });
  await grid.getByRole("button", { name: `Actions for ${admin.username}` }).click();
  await expect(page.getByRole("menuitem", { name: "Disable" })).toBeDisabled();
  await page.getByRole("menuitem", { name: "Edit roles" }).click();
  const dialog = page.getByRole("dialog", { name: `Roles of ${admin.username}` });
  await expect(dialog.getByRole("checkbox")).toHaveCount(4);
});

test("an admin creates a user and sees the temporary password once, and disables and enables them with confirmation", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  await signIn(page, admin.username, "secret");
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Create user" }).click();
  const create = page.getByRole("dialog", { name: "Create user" });
  await create.getByRole("button", { name: "Create" }).click();
  await expect(create.getByText("At least 3 characters.")).toBeVisible();
  const username = `new${Date.now().toString(36)}`;
  await create.getByLabel("Username").fill(username);
  await create.getByRole("button", { name: "Create" }).click();
  const created = page.getByRole("dialog", { name: `${username} created` });
  await expect(created.getByRole("textbox", { name: "Temporary password" })).not.toHaveValue("");
  await created.getByRole("button", { name: "Done" }).click();

  await page.getByLabel("Search users").fill(username);
  await page.getByRole("button", { name: "Search" }).click();
  const grid = page.getByRole("grid", { name: "Users" });
  await grid.getByRole("button", { name: `Actions for ${username}` }).click();
  await page.getByRole("menuitem", { name: "Disable" }).click();
  await page.getByRole("dialog", { name: `Disable ${username}?` }).getByRole("button", { name: "Disable" }).click();
  await expect(grid.getByText("Disabled", { exact: true })).toBeVisible();
  await grid.getByRole("button", { name: `Actions for ${username}` }).click();
  await page.getByRole("menuitem", { name: "Enable" }).click();
  await page.getByRole("dialog", { name: `Enable ${username}?` }).getByRole("button", { name: "Enable" }).click();
  await expect(grid.getByText("Active", { exact: true })).toBeVisible();
});
