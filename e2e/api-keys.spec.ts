// API keys, as the two people who use them: the API's creator lets the API take API keys
// (Publisher → API → Runtime → API security), and a developer generates one for their
// application (shown once), connects with it (from a program and from Try it), and revokes it,
// which closes the connection.
import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connectWhenAdmitted, handshakeOutcome, roundTrip } from "./ws-client";

test("a creator lets an API take API keys; a developer generates one, connects with it and revokes it", async ({ page }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const url = `${gatewayUrl}${gatewayPath(api)}`;

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/runtime`);
  await page.getByRole("radio", { name: "Both" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Runtime settings saved")).toBeVisible();
  await page.context().clearCookies();

  await signIn(page, client.user.username, "secret");
  // The API's page says how to connect: a token, or now a key.
  await page.goto(`/devportal/apis/${api.id}`);
  await expect(page.getByTestId("api-security")).toContainText("Or connect with an API key (your application's API Keys tab) in the apikey header or query parameter.");
  await page.goto(`/devportal/applications/${client.app.id}`);
  await page.getByRole("tab", { name: "API Keys" }).click();
  await expect(page.getByText("No API keys")).toBeVisible();
  await page.getByRole("button", { name: "Generate API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate API key" });
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(dialog.getByText("Name the key: where it is used.")).toBeVisible();
  await dialog.getByLabel("Name").fill("kiosk");
  await dialog.getByLabel("Allowed client addresses").fill("localhost");
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(dialog.getByText("localhost is not an IPv4 or IPv6 address")).toBeVisible();
  // The gateway sees this test's client at the loopback address, IPv4 or IPv6.
  await dialog.getByLabel("Allowed client addresses").fill("127.0.0.1\n::1");
  await dialog.getByRole("button", { name: "Generate" }).click();
  const created = page.getByRole("dialog", { name: "kiosk generated" });
  await expect(created.getByText("Copy the key now: it is not shown again.")).toBeVisible();
  const key = await created.getByRole("textbox", { name: "API key" }).inputValue();
  expect(key).toMatch(/^dpx_[A-Za-z0-9_-]{43}$/);
  await created.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("grid", { name: "API keys" }).getByRole("row").filter({ hasText: "kiosk" });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText("Active");
  await expect(row).toContainText("127.0.0.1");
  await expect(row).not.toContainText(key);

  const live = await connectWhenAdmitted(url, { apikey: key });
  expect(await roundTrip(live.socket, "with a key")).toBe("with a key");

  // Try it connects with the key too, and its snippets send it as apikey.
  await page.goto(`/devportal/apis/${api.id}/try-it`);
  await page.getByRole("button", { name: "API key" }).click();
  await page.getByRole("textbox", { name: "API key" }).fill(key);
  await expect(page.getByLabel("wscat", { exact: true })).toHaveValue(new RegExp(`apikey: ${key}`));
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await page.getByLabel("Message", { exact: true }).fill("from Try it");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("↓ from Try it");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.goto(`/devportal/applications/${client.app.id}/api-keys`);

  await row.getByRole("button", { name: "Revoke kiosk" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke kiosk?" });
  await expect(confirm).toContainText("its open connections close");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("kiosk revoked: its connections close")).toBeVisible();
  await expect(row).toContainText("Revoked");
  expect(await live.closed).toEqual({ code: 1008, reason: "The API key has been revoked." });
  expect(await handshakeOutcome(url, { apikey: key })).toBe("401 invalid_token");
});
