import { expect, test } from "@playwright/test";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { echoUrl } from "./stack";
import { signIn } from "./session";

test("a developer tries an API in the browser: frames go to the echo backend through the gateway and back", async ({ page }) => {
  const { api } = await publishedApi(echoUrl);
  const { user } = await subscribedClient(api.id);

  await page.goto(`/devportal/apis/${api.id}/try-it`);
  await expect(page.getByText("Sign in to try this API")).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await signIn(page, user.username, "secret");
  await expect(page).toHaveURL(/try-it/);

  await page.getByRole("button", { name: "Get test token" }).click();
  await expect(page.getByLabel("Access token")).not.toHaveValue("");
  await expect(page.getByRole("tab", { name: "wscat" })).toBeVisible();
  await expect(page.getByLabel("wscat", { exact: true })).toHaveValue(/Authorization: Bearer ey/);

  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await page.getByLabel("Message", { exact: true }).fill("hello from the browser");
  await page.getByRole("button", { name: "Send" }).click();
  const log = page.getByRole("log", { name: "Messages" });
  await expect(log).toContainText("↑ hello from the browser");
  await expect(log).toContainText("↓ hello from the browser");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(log).toContainText("Closed with code 1000");

  // A token that is not valid is refused, and the console says so.
  await page.getByLabel("Access token").fill("not-a-token");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(log).toContainText("Closed with code 1006");
});
