import { expect, test } from "@playwright/test";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("a creator cannot delete an API while an application subscribes to it, and deletes one nobody uses", async ({ page }) => {
  const { admin, api: used } = await publishedApi("ws://localhost:7070");
  await subscribedClient(used.id);

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${used.id}`);
  await page.getByRole("button", { name: "Delete API" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${used.name} 1.0?` });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`${used.name} 1.0 has 1 active subscription: it cannot be deleted until that application unsubscribes.`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: used.name, level: 1 })).toBeVisible();

  const { api: unused } = await publishedApi("ws://localhost:7070");
  await page.goto(`/publisher/apis/${unused.id}`);
  await page.getByRole("button", { name: "Delete API" }).click();
  await page.getByRole("dialog", { name: `Delete ${unused.name} 1.0?` }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { name: "APIs", level: 1 })).toBeVisible();
  await page.getByLabel("Search APIs").fill(unused.name);
  await page.keyboard.press("Enter");
  await expect(page.getByText("No APIs match")).toBeVisible();
});
