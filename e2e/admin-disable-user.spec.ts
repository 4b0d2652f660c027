// Admin → Users → Disable, end to end: the developer's signed-in browser is signed out at its
// next request, their application's live connection closes with 1008 and its token gets 401 at
// the gateway; the audit log holds the change; enabled again, the same token connects.
import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { disabledAccountMessage } from "../lib/sign-in-messages";
import { makeUser, publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connectWhenAdmitted, handshakeOutcome, issuedToken, roundTrip } from "./ws-client";

test("an admin disables a developer: their session ends, their connection closes 1008, their token is refused; enabled, it works again", async ({ page, browser, request }) => {
  const admin = await makeUser(["ADMIN"]);
  const { api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };
  const live = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(live.socket, "before")).toBe("before");

  const developerContext = await browser.newContext();
  const developer = await developerContext.newPage();
  await signIn(developer, client.user.username, "secret");
  await developer.goto("/devportal/applications");
  await expect(developer.getByRole("link", { name: client.app.name })).toBeVisible();

  await signIn(page, admin.username, "secret");
  await page.goto(`/admin/users?q=${client.user.username}`);
  const grid = page.getByRole("grid", { name: "Users" });
  await grid.getByRole("button", { name: `Actions for ${client.user.username}` }).click();
  await page.getByRole("menuitem", { name: "Disable" }).click();
  const confirm = page.getByRole("dialog", { name: `Disable ${client.user.username}?` });
  await confirm.getByRole("button", { name: "Disable" }).click();
  await expect(grid.getByText("Disabled", { exact: true })).toBeVisible();

  expect(await live.closed).toEqual({ code: 1008, reason: "The access token's user is disabled." });
  expect(await handshakeOutcome(url, auth)).toBe("401 invalid_token");
  // The developer's next request finds the session ended.
  await developer.goto("/devportal/applications");
  await expect(developer).toHaveURL(/\/login/);
  await developer.getByLabel("Username").fill(client.user.username);
  await developer.getByLabel("Password").fill("secret");
  await developer.getByRole("button", { name: "Sign in" }).click();
  await expect(developer.getByText(disabledAccountMessage)).toBeVisible();

  // The audit log has the change, by this admin.
  await page.goto("/admin/audit");
  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Actor").fill(admin.username);
  await filters.getByRole("combobox", { name: "Entity" }).click();
  await page.getByRole("option", { name: "user", exact: true }).click();
  await filters.getByRole("button", { name: "Filter" }).click();
  const audit = page.getByRole("grid", { name: "Audit log" });
  await expect(audit).toContainText(client.user.id);
  await expect(audit).toContainText("disable");

  await page.goto(`/admin/users?q=${client.user.username}`);
  await grid.getByRole("button", { name: `Actions for ${client.user.username}` }).click();
  await page.getByRole("menuitem", { name: "Enable" }).click();
  await page.getByRole("dialog", { name: `Enable ${client.user.username}?` }).getByRole("button", { name: "Enable" }).click();
  await expect(grid.getByText("Active", { exact: true })).toBeVisible();
  const again = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(again.socket, "after")).toBe("after");
  again.socket.close();
  await developerContext.close();
});
