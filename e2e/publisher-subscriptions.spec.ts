// Publisher → API → Subscriptions (WSO2's Manage → Subscriptions): the API's creator sees who
// subscribes, blocks a subscription (its live connection closes with 1008 and new handshakes
// are refused) and unblocks it; a publisher who did not create the API only reads the list.
import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { makeUser, publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { openTab } from "./tabs";
import { connectWhenAdmitted, handshakeOutcome, issuedToken, roundTrip } from "./ws-client";

test("the API's creator blocks a subscription, closing its live connection, and unblocks it", async ({ page, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };
  const { socket, closed } = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(socket, "before")).toBe("before");

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Subscriptions");
  const row = page.getByRole("grid", { name: "Subscriptions" }).getByRole("row").filter({ hasText: client.user.username });
  const name = `${client.app.name} of ${client.user.username}`;
  await expect(row).toContainText(client.app.name);
  await expect(row).toContainText("Gold");
  await expect(row).toContainText("Active");

  // Blocking asks first; Cancel changes nothing.
  await row.getByRole("button", { name: `Block ${name}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Block ${name}?` });
  await expect(dialog).toContainText("its live connections close");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await roundTrip(socket, "still open")).toBe("still open");

  await row.getByRole("button", { name: `Block ${name}`, exact: true }).click();
  await dialog.getByRole("button", { name: "Block all" }).click();
  await expect(page.getByText(`${name} blocked: its live connections close`)).toBeVisible();
  await expect(row).toContainText("Blocked");
  expect(await closed).toMatchObject({ code: 1008 });
  expect(await handshakeOutcome(url, auth)).toBe("403 subscription_blocked");

  await row.getByRole("button", { name: `Unblock ${name}` }).click();
  await expect(page.getByText("Subscription unblocked")).toBeVisible();
  await expect(row).toContainText("Active");
  const again = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(again.socket, "after")).toBe("after");
  again.socket.close();
});

test("a publisher who did not create the API reads its subscriptions and cannot block them", async ({ page }) => {
  const { api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const publisher = await makeUser(["PUBLISHER"]);
  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/subscriptions`);
  const row = page.getByRole("grid", { name: "Subscriptions" }).getByRole("row").filter({ hasText: client.user.username });
  await expect(row).toContainText("Active");
  await expect(page.getByText("Only the API's creator or an admin can block a subscription.")).toBeVisible();
  await expect(row.getByRole("button")).toHaveCount(0);
});
