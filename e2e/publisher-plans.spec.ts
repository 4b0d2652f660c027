import { expect, test } from "@playwright/test";
import { publishedApi } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { openTab } from "./tabs";

test("a creator changes the plans of a published API and cannot remove the last one", async ({ page }) => {
  const { admin, api } = await publishedApi("ws://localhost:7070");

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Business Plans");
  const plans = page.getByRole("group", { name: "Business plans" });
  await expect(plans.getByRole("checkbox", { name: "Gold" })).toBeChecked();

  await plans.getByRole("checkbox", { name: "Bronze" }).check();
  await plans.getByRole("checkbox", { name: "Gold" }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Business plans saved")).toBeVisible();
  await page.reload();
  await expect(plans.getByRole("checkbox", { name: "Bronze" })).toBeChecked();
  await expect(plans.getByRole("checkbox", { name: "Gold" })).not.toBeChecked();

  await plans.getByRole("checkbox", { name: "Bronze" }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/A published API must offer at least one business plan/)).toBeVisible();
  await page.reload();
  await expect(plans.getByRole("checkbox", { name: "Bronze" })).toBeChecked();

  await openTab(page, "Overview");
  await expect(page.getByText("Bronze", { exact: true })).toBeVisible();
});
