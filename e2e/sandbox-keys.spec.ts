import { once } from "node:events";
import { expect, test } from "@playwright/test";
import { WebSocketServer } from "ws";
import { createApi } from "../lib/apis";
import { db } from "../lib/db";
import { gatewayPath } from "../lib/gateway-urls";
import { subscribe } from "../lib/subscriptions";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connect, roundTrip } from "./ws-client";
import { openTab } from "./tabs";

// A sandbox backend of the test's own, so a reply tells which backend the gateway chose.
let sandbox: WebSocketServer;
test.beforeAll(async () => {
  sandbox = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  sandbox.on("connection", (socket) => socket.on("message", (data) => socket.send(`sandbox: ${data}`)));
  await once(sandbox, "listening");
});
test.afterAll(() => new Promise<void>((resolve) => sandbox.close(() => resolve())));

test("a sandbox token reaches the sandbox backend, a production token the production one", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  const name = unique("Stocks");
  const api = await createApi(admin, {
    name,
    context: `/${name.toLowerCase()}`,
    version: "1.0",
    endpoint: echoUrl,
    sandboxEndpoint: `ws://127.0.0.1:${(sandbox.address() as { port: number }).port}`,
    plans: ["Gold"],
    publish: true,
  });
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
  const url = `${gatewayUrl}${gatewayPath(api)}`;

  await signIn(page, user.username, "secret");
  await page.goto(`/devportal/apis/${api.id}`);
  await expect(page.getByTestId("key-types")).toHaveText(/Production and sandbox share these URLs/);

  // Sandbox Keys, from the application's page, as a developer gets there.
  await page.goto(`/devportal/applications/${app.id}`);
  await openTab(page, "Sandbox Keys");
  await expect(page).toHaveURL(/\/sandbox-keys$/);
  await page.getByRole("button", { name: "Generate Keys" }).click();
  const sandboxToken = await page.getByLabel("Access Token", { exact: true }).inputValue();
  const viaSandbox = await connect(url, { Authorization: `Bearer ${sandboxToken}` });
  expect(viaSandbox.ok).toBe(true);
  if (!viaSandbox.ok) return;
  expect(await roundTrip(viaSandbox.socket, "hi")).toBe("sandbox: hi");
  viaSandbox.socket.close();

  await openTab(page, "Production Keys");
  await expect(page).toHaveURL(/\/production-keys$/);
  await page.getByRole("button", { name: "Generate Keys" }).click();
  const productionToken = await page.getByLabel("Access Token", { exact: true }).inputValue();
  expect(productionToken).not.toBe(sandboxToken);
  const viaProduction = await connect(url, { Authorization: `Bearer ${productionToken}` });
  expect(viaProduction.ok).toBe(true);
  if (!viaProduction.ok) return;
  expect(await roundTrip(viaProduction.socket, "hi")).toBe("hi");
  viaProduction.socket.close();
});
