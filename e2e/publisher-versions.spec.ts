import { expect, test } from "@playwright/test";
import { publishedApi } from "../lib/testing/fixtures";
import { saveTopics } from "../lib/topics";
import { signIn } from "./session";
import { openTab } from "./tabs";

test("a creator makes version 2.0 with the same topics, endpoints and plans, and moves the default between versions", async ({ page }) => {
  const { admin, api } = await publishedApi("ws://localhost:7070");
  await saveTopics(admin, api.id, [{ name: "/*", publish: true, subscribe: true }, { name: "/prices/{symbol}", publish: false, subscribe: true }]);

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/versions`);
  await page.getByLabel("New version").fill("1.0");
  await page.getByRole("button", { name: "Create New Version" }).click();
  await expect(page.getByText(`${api.name} already has version 1.0.`)).toBeVisible();

  await page.getByLabel("New version").fill("2.0");
  await page.getByRole("button", { name: "Create New Version" }).click();
  await expect(page.getByRole("heading", { name: api.name, level: 1 })).toBeVisible();
  await expect(page.getByText("2.0", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Created", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("/prices/{symbol}")).toBeVisible();
  await expect(page.getByText("ws://localhost:7070")).toBeVisible();
  await expect(page.getByText("Gold", { exact: true })).toBeVisible();

  await openTab(page, "Versions");
  const versions = page.getByRole("grid", { name: "Versions" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await page.getByRole("button", { name: "Make 2.0 the default version" }).click();
  await expect(versions.getByRole("row", { name: /2\.0/ })).toContainText("Default");
  await page.getByRole("button", { name: "Make 1.0 the default version" }).click();
  await expect(versions.getByRole("row", { name: /1\.0/ })).toContainText("Default");
  await expect(versions.getByText("Default", { exact: true })).toHaveCount(1);
});
