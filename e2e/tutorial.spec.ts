import { expect, test } from "@playwright/test";
import { connect, roundTrip } from "./ws-client";
import { echoUrl, gatewayUrl } from "./stack";
import { openTab } from "./tabs";

// The WSO2 tutorial path on Duplex: publish EchoWebSocket, subscribe, generate keys, echo.
test("a creator publishes EchoWebSocket, a developer subscribes, generates keys and echoes through the gateway", async ({ page, request }) => {
  // Sign in to the Publisher.
  await page.goto("/publisher");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "APIs", level: 1 })).toBeVisible();

  // CREATE API → WebSocket API.
  await page.getByRole("button", { name: "Create API" }).first().click();
  await page.getByRole("menuitem", { name: /WebSocket API/ }).click();
  await expect(page.getByRole("heading", { name: "Create a WebSocket API" })).toBeVisible();
  await page.getByLabel("Name").fill("EchoWebSocket");
  await page.getByLabel("Context").fill("/echowebsocket");
  await page.getByLabel("Version").fill("1.0");
  await expect(page.getByRole("button", { name: "Create & Publish" })).toHaveCount(0);
  await page.getByLabel("Endpoint").fill(echoUrl);
  await page.getByRole("checkbox", { name: "Gold" }).check();
  await page.getByRole("button", { name: "Create & Publish" }).click();

  // The API's overview: published, with its gateway URL.
  await expect(page.getByRole("heading", { name: "EchoWebSocket", level: 1 })).toBeVisible();
  await expect(page.getByText("Published", { exact: true }).first()).toBeVisible();
  await openTab(page, "Lifecycle");
  await expect(page.getByRole("grid", { name: "Lifecycle history" })).toContainText("Publish");
  await expect(page.getByRole("button", { name: "Deprecate" })).toBeVisible();

  // The Developer Portal lists it and shows the gateway URL.
  await page.getByRole("link", { name: "Developer Portal" }).click();
  await page.getByRole("link", { name: /EchoWebSocket/ }).click();
  await expect(page.getByLabel("Gateway URL (ws)", { exact: true })).toHaveValue(`${gatewayUrl}/echowebsocket/1.0`);
  await expect(page.getByText("5,000 events per minute").first()).toBeVisible();

  // Subscribe with DefaultApplication and the Gold plan.
  await expect(page.getByLabel("Application")).toContainText("DefaultApplication");
  await page.getByLabel("Business plan").click();
  await page.getByRole("option", { name: /^Gold/ }).click();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("list", { name: "Your subscriptions" })).toContainText("DefaultApplication");

  // Production Keys → Generate Keys.
  await page.getByRole("link", { name: "Applications" }).click();
  await page.getByRole("link", { name: /DefaultApplication/ }).click();
  await expect(page.getByRole("grid", { name: "Subscriptions" })).toContainText("EchoWebSocket");
  await openTab(page, "Production Keys");
  await page.getByRole("button", { name: "Generate Keys" }).click();
  const consumerKey = await page.getByLabel("Consumer Key", { exact: true }).inputValue();
  const consumerSecret = await page.getByLabel("Consumer Secret", { exact: true }).inputValue();
  const pageToken = await page.getByLabel("Access Token", { exact: true }).inputValue();
  expect(consumerKey).not.toBe("");
  expect(consumerSecret).not.toBe("");
  expect(pageToken.split(".")).toHaveLength(3);
  await expect(page.getByText("shown only once")).toBeVisible();

  // The secret is shown once: after a reload only the key remains.
  await page.reload();
  await expect(page.getByLabel("Consumer Key", { exact: true })).toHaveValue(consumerKey);
  await expect(page.getByLabel("Consumer Secret", { exact: true })).toHaveCount(0);

  // POST /oauth2/token with the client credentials gives a token too.
  const tokenResponse = await request.post("/oauth2/token", {
    form: { grant_type: "client_credentials" },
    headers: { Authorization: `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString("base64")}` },
  });
  expect(tokenResponse.status()).toBe(200);
  const { access_token: grantToken, token_type } = await tokenResponse.json();
  expect(token_type).toBe("Bearer");

  // A client echoes through the gateway with the page's token in the header…
  const url = `${gatewayUrl}/echowebsocket/1.0`;
  const viaHeader = await connect(url, { Authorization: `Bearer ${pageToken}` });
  if (!viaHeader.ok) throw new Error(`handshake refused: ${viaHeader.status} ${viaHeader.body}`);
  expect(await roundTrip(viaHeader.socket, "hello")).toBe("hello");
  viaHeader.socket.close();

  // …and with the grant's token in the query, for clients that cannot set headers.
  const viaQuery = await connect(`${url}?access_token=${encodeURIComponent(grantToken)}`);
  if (!viaQuery.ok) throw new Error(`handshake refused: ${viaQuery.status} ${viaQuery.body}`);
  expect(await roundTrip(viaQuery.socket, "hello")).toBe("hello");
  viaQuery.socket.close();

  // Refusals are HTTP statuses with a reason, not hangs.
  const noToken = await connect(url);
  expect(noToken).toMatchObject({ ok: false, status: 401 });
  const unknownPath = await connect(`${gatewayUrl}/nosuchapi/1.0`, { Authorization: `Bearer ${pageToken}` });
  expect(unknownPath).toMatchObject({ ok: false, status: 404 });
});
