import { expect, test } from "@playwright/test";
import { publishedApi } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { openTab } from "./tabs";

test("an admin creates a plan with burst control, and a creator can offer it on an API", async ({ page }) => {
  const { admin, api } = await publishedApi("ws://localhost:7070");
  const name = `Burst${Date.now().toString(36)}`;

  await signIn(page, admin.username, "secret");
  await page.goto("/admin/plans");
  await page.getByRole("button", { name: "Create plan" }).click();
  const dialog = page.getByRole("dialog", { name: "Create business plan" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Name is required.")).toBeVisible();

  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Events", { exact: true }).fill("600");
  await dialog.getByLabel("Burst limit").fill("20");
  await dialog.getByRole("combobox", { name: "Burst per" }).click();
  await page.getByRole("option", { name: "second" }).click();
  await dialog.getByLabel("Max concurrent connections").fill("3");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  const grid = page.getByRole("grid", { name: "Business plans" });
  await expect(grid.getByText("600 events per minute, at most 20 per second")).toBeVisible();

  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Business Plans");
  const plans = page.getByRole("group", { name: "Business plans" });
  await plans.getByRole("checkbox", { name }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Business plans saved")).toBeVisible();
});

test("a plan an API offers cannot be deleted, and the admin is told why", async ({ page }) => {
  const { admin } = await publishedApi("ws://localhost:7070");
  await signIn(page, admin.username, "secret");
  await page.goto("/admin/plans");
  await page.getByRole("button", { name: "Delete Gold" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Gold?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm.getByText(/Gold is offered by \d+ APIs?/)).toBeVisible();
});
