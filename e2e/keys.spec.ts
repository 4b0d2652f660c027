import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { subscribe } from "../lib/subscriptions";
import { makeUser, publishedApi } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connect, connectWhenAdmitted, roundTrip } from "./ws-client";
import { gatewayPath } from "../lib/gateway-urls";

test("a developer regenerates the consumer secret, generates a token with a validity, and revokes it", async ({ page, request }) => {
  const { api } = await publishedApi(echoUrl);
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
  const basic = (key: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}` });

  await page.goto(`/devportal/applications/${app.id}/production-keys`);
  await signIn(page, user.username, "secret");
  await expect(page.getByLabel("Client Credentials")).toBeChecked();
  await page.getByLabel("Access token validity period (seconds)").fill("30");
  await page.getByRole("button", { name: "Generate Keys" }).click();
  await expect(page.getByText("At least 60 seconds.")).toBeVisible();
  await page.getByLabel("Access token validity period (seconds)").fill("600");
  await page.getByRole("button", { name: "Generate Keys" }).click();
  const consumerKey = await page.getByLabel("Consumer Key", { exact: true }).inputValue();
  const oldSecret = await page.getByLabel("Consumer Secret", { exact: true }).inputValue();

  // Regenerate: asks first, shows the new secret once, and the old one stops working.
  await page.getByRole("button", { name: "Regenerate secret" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByLabel("Consumer Secret", { exact: true })).not.toHaveValue(oldSecret);
  const newSecret = await page.getByLabel("Consumer Secret", { exact: true }).inputValue();
  expect((await request.post("/oauth2/token", { form: { grant_type: "client_credentials" }, headers: basic(consumerKey, oldSecret) })).status()).toBe(401);
  expect((await request.post("/oauth2/token", { form: { grant_type: "client_credentials" }, headers: basic(consumerKey, newSecret) })).status()).toBe(200);
  await expect(page.getByLabel("cURL", { exact: true })).toHaveValue(new RegExp(`-u "${consumerKey}:${newSecret}"`));

  // Generate Access Token with a validity, use it, revoke it: the gateway refuses it.
  await page.getByLabel("Validity period (seconds)").fill("120");
  await page.getByRole("button", { name: "Generate Access Token" }).click();
  await expect(page.getByText("Valid for 120 seconds.")).toBeVisible();
  const token = await page.getByLabel("Access Token", { exact: true }).inputValue();
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const before = await connect(url, { Authorization: `Bearer ${token}` });
  expect(before.ok).toBe(true);
  if (before.ok) before.socket.close();

  await page.getByRole("button", { name: "Revoke this token" }).click();
  await expect(page.getByText("Token revoked")).toBeVisible();
  await expect
    .poll(async () => {
      const attempt = await connect(url, { Authorization: `Bearer ${token}` });
      if (attempt.ok) attempt.socket.close();
      return attempt.ok ? 101 : attempt.status;
    })
    .toBe(401);

  // Pasting someone else's or a made-up token says why it cannot be revoked.
  await page.getByLabel("Revoke an access token").fill("not-a-token");
  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByText("This is not a valid, unexpired access token of Duplex.")).toBeVisible();
});

test("a developer deletes production keys: after a confirmation, a live connection closes with 1008 and the token is refused", async ({ page }) => {
  const { api } = await publishedApi(echoUrl);
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });

  await page.goto(`/devportal/applications/${app.id}/production-keys`);
  await signIn(page, user.username, "secret");
  await page.getByRole("button", { name: "Generate Keys" }).click();
  const token = await page.getByLabel("Access Token", { exact: true }).inputValue();
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const { socket, closed } = await connectWhenAdmitted(url, { Authorization: `Bearer ${token}` });
  expect(await roundTrip(socket, "still here")).toBe("still here");

  await page.getByRole("button", { name: "Delete keys" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("closes their open connections");
  // Cancel keeps them.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  // Gone, not fading out: while it fades, its own "Delete keys" is the only one a person (and a role query) can reach.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByLabel("Consumer Key", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Delete keys" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete keys" }).click();
  await expect(page.getByText("Production keys deleted")).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate Keys" })).toBeVisible();

  expect(await closed).toEqual({ code: 1008, reason: "The application keys this token was issued to no longer exist." });
  const after = await connect(url, { Authorization: `Bearer ${token}` });
  expect(after.ok ? 101 : after.status).toBe(401);
});
