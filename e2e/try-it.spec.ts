import { expect, test } from "@playwright/test";
import { updateApiRuntime } from "../lib/api-runtime";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { gatewayPath } from "../lib/gateway-urls";
import { echoUrl, gatewayUrl, portalUrl } from "./stack";
import { handshakeOutcome, issuedToken } from "./ws-client";
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

  // A token that is not valid is refused; the browser only sees 1006, and the console asks the gateway why.
  await page.getByLabel("Access token").fill("not-a-token");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(log).toContainText("Closed with code 1006");
  await expect(log).toContainText("The gateway refused the handshake: 401 invalid_token");
});

test("Try it says why the gateway refused: the API accepts other origins than the portal's", async ({ page, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  await updateApiRuntime(admin, api.id, { allowedOrigins: ["https://app.example.com"] });
  // Once the gateway has the setting, a handshake from the portal's pages is refused.
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}`, Origin: portalUrl };
  await expect.poll(() => handshakeOutcome(`${gatewayUrl}${gatewayPath(api)}`, auth)).toBe("403 origin_not_allowed");

  await signIn(page, client.user.username, "secret");
  await page.goto(`/devportal/apis/${api.id}/try-it`);
  await page.getByRole("button", { name: "Get test token" }).click();
  await expect(page.getByLabel("Access token")).not.toHaveValue("");
  await page.getByRole("button", { name: "Connect" }).click();
  const log = page.getByRole("log", { name: "Messages" });
  await expect(log).toContainText("Closed with code 1006 (the browser is not told why: asking the gateway…)");
  await expect(log).toContainText("The gateway refused the handshake: 403 origin_not_allowed: This API does not accept connections from pages of this origin.");
});
