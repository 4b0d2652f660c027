// What a person sees on a slow connection: moving to a page that reads data shows its loading
// skeleton (role status, named for what is coming) at once, and then the page. The network is
// throttled with Chromium's own emulation, as DevTools does.
import { expect, test } from "@playwright/test";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl } from "./stack";

test("on a slow connection, an API's page and an application's API keys show their skeletons, then their content", async ({ page }) => {
  const { admin, api } = await publishedApi(echoUrl);
  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  // Hydrated, so that the click below is the router's (a click during hydration can be let go: e2e/tabs.ts).
  await page.waitForLoadState("networkidle");

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 1500, downloadThroughput: 100 * 1024, uploadThroughput: 100 * 1024 });
  await page.getByRole("tab", { name: "Runtime" }).click();
  await expect(page.getByRole("status", { name: "Loading the runtime settings…" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Origins" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("status", { name: "Loading the runtime settings…" })).toHaveCount(0);

  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const client = await subscribedClient(api.id);
  await page.context().clearCookies();
  await signIn(page, client.user.username, "secret");
  await page.goto(`/devportal/applications/${client.app.id}`);
  await page.waitForLoadState("networkidle");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 1500, downloadThroughput: 100 * 1024, uploadThroughput: 100 * 1024 });
  await page.getByRole("tab", { name: "API Keys" }).click();
  await expect(page.getByRole("status", { name: "Loading the API keys…" })).toBeVisible();
  await expect(page.getByText("No API keys")).toBeVisible({ timeout: 30_000 });
});
