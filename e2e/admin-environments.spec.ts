import { expect, test } from "@playwright/test";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("an admin sees the gateways serving Production, adds an environment (a bad URL refused first) and deletes it", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  await signIn(page, admin.username, "secret");
  await page.goto("/admin/environments");

  // The stack's own gateway writes its heartbeat: Production is served now.
  const production = page.getByRole("region", { name: "Production" });
  await expect(production.getByRole("grid", { name: "Gateways of Production" })).toContainText("Serving");

  const name = unique("Staging").replace(/[^A-Za-z0-9]/g, "");
  await page.getByRole("button", { name: "Create environment" }).click();
  const dialog = page.getByRole("dialog", { name: "New gateway environment" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Display name").fill(`Staging ${name}`);
  await dialog.getByLabel("WebSocket URL (ws)").fill("http://staging.example.com");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("A ws:// URL with a host and port only")).toBeVisible();
  await dialog.getByLabel("WebSocket URL (ws)").fill("ws://staging.example.com:9099");
  await dialog.getByRole("button", { name: "Create" }).click();

  const staging = page.getByRole("region", { name: `Staging ${name}` });
  await expect(staging).toContainText("ws://staging.example.com:9099");
  await expect(staging).toContainText(`Start one with GATEWAY_ENVIRONMENT=${name}`);

  await staging.getByRole("button", { name: `Delete Staging ${name}` }).click();
  await expect(page.getByRole("dialog")).toContainText("Gateways started for it will serve nothing");
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(staging).toHaveCount(0);
  // Production, where Publish deploys, cannot be deleted.
  await expect(production.getByRole("button", { name: "Delete Production" })).toHaveCount(0);
});
