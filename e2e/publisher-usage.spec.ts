import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connect, issuedToken, roundTrip } from "./ws-client";
import { openTab } from "./tabs";

test("a publisher reads an API's usage: the traffic a client just made, by application", async ({ page, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const token = await issuedToken(request, client.keys);

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Usage");
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.getByText("No traffic in this window.")).toBeVisible();

  const opened = await connect(`${gatewayUrl}${gatewayPath(api)}`, { Authorization: `Bearer ${token}` });
  expect(opened.ok).toBe(true);
  if (!opened.ok) return;
  for (const text of ["one", "two", "three"]) expect(await roundTrip(opened.socket, text)).toBe(text);
  opened.socket.close();

  // The gateway writes usage in batches every few seconds: look again until it is there.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("group", { name: "Messages in" })).toContainText("3");
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("group", { name: "Connections" })).toContainText("1");
  await expect(page.getByRole("group", { name: "Messages out" })).toContainText("11 B");
  const row = page.getByRole("grid", { name: "Usage by application" }).getByRole("row", { name: new RegExp(client.user.username) });
  await expect(row).toContainText("DefaultApplication");

  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("group", { name: "Messages in" })).toContainText("3");
});
