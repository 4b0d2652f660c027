import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { makeUser, publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connect, connectWhenAdmitted, handshakeOutcome, issuedToken, roundTrip } from "./ws-client";

test("an admin blocks an application: its live connection closes, new handshakes get 403 blocked, until the policy is disabled and then deleted", async ({ page, request }) => {
  const { api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const admin = await makeUser(["ADMIN"]);
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };
  const { socket, closed } = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(socket, "before")).toBe("before");

  await signIn(page, admin.username, "secret");
  await page.goto("/admin/deny-policies");
  await expect(page.getByText("No deny policies")).toBeVisible();
  await page.getByRole("button", { name: "Create deny policy" }).click();
  const dialog = page.getByRole("dialog", { name: "New deny policy" });
  await dialog.getByRole("combobox", { name: "Block by" }).click();
  await page.getByRole("option", { name: "Application" }).click();
  // A value that names nothing is refused on the field.
  await dialog.getByLabel("Value").fill(`${client.user.username}/NoSuchApp`);
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText(`No application ${client.user.username}/NoSuchApp`)).toBeVisible();
  const target = `${client.user.username}/${client.app.name}`;
  await dialog.getByLabel("Value").fill(target);
  await dialog.getByLabel("Description").fill("Abusive traffic");
  await dialog.getByRole("button", { name: "Create" }).click();
  const grid = page.getByRole("grid", { name: "Deny policies" });
  await expect(grid).toContainText(target);

  expect(await closed).toMatchObject({ code: 1008 });
  await expect
    .poll(() => handshakeOutcome(url, auth))
    .toBe("403 blocked");

  // Disabled, it stops blocking without being deleted.
  const enabled = page.getByRole("switch", { name: `Enable the policy for ${target}` });
  await enabled.click(); // it turns off once the change is saved, not before
  await expect(page.getByText("Policy disabled")).toBeVisible();
  await expect(enabled).not.toBeChecked();
  await expect
    .poll(async () => {
      const attempt = await connect(url, auth);
      if (attempt.ok) attempt.socket.close();
      return attempt.ok;
    })
    .toBe(true);

  // Deleting asks first.
  await page.getByRole("button", { name: `Delete the policy for ${target}` }).click();
  await expect(page.getByRole("dialog")).toContainText("let through again");
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No deny policies")).toBeVisible();

  // The audit log has each change.
  await page.goto("/admin/audit?entity=deny-policy");
  await expect(page.getByRole("grid", { name: "Audit log" })).toContainText("disable");
});
