// Publisher → API → Runtime: the API's creator lists the browser origins that may connect and
// the client addresses denied; a wrong entry is named under its field and nothing is saved; once
// saved, the gateway refuses other origins (403 origin_not_allowed) and closes the live
// connection the new settings no longer admit.
import { expect, test } from "@playwright/test";
import { gatewayPath } from "../lib/gateway-urls";
import { makeUser, publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { openTab } from "./tabs";
import { connectWhenAdmitted, handshakeOutcome, issuedToken, roundTrip } from "./ws-client";

test("the API's creator allows one origin and refuses clients without one; the gateway obeys at once", async ({ page, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };
  const elsewhere = await connectWhenAdmitted(url, { ...auth, Origin: "https://elsewhere.example" });
  expect(await roundTrip(elsewhere.socket, "before")).toBe("before");

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Runtime");
  const origins = page.getByRole("textbox", { name: "Origins" });
  await expect(origins).toHaveValue("");

  // Without a scheme it is not an origin: said under the field, and nothing is saved.
  await origins.fill("app.example.com");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("app.example.com is not an origin: write a scheme, a host and an optional port")).toBeVisible();
  expect(await roundTrip(elsewhere.socket, "still open")).toBe("still open");

  await origins.fill("https://app.example.com\nhttps://*.example.org");
  await page.getByLabel(/Allow handshakes without an Origin header/).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Runtime settings saved")).toBeVisible();

  expect(await elsewhere.closed).toEqual({ code: 1008, reason: "The API no longer accepts connections from this origin." });
  await expect.poll(() => handshakeOutcome(url, auth)).toBe("403 origin_not_allowed");
  expect(await handshakeOutcome(url, { ...auth, Origin: "https://evil.example" })).toBe("403 origin_not_allowed");
  expect(await handshakeOutcome(url, { ...auth, Origin: "https://app.example.com" })).toBe("101");
  expect(await handshakeOutcome(url, { ...auth, Origin: "https://eu.example.org" })).toBe("101");

  // What was saved is what the page shows after a reload.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Origins" })).toHaveValue("https://app.example.com\nhttps://*.example.org");
  await expect(page.getByLabel(/Allow handshakes without an Origin header/)).not.toBeChecked();
});

test("a denied address is refused with 403 ip_not_allowed; a wrong range is named; a publisher only reads the settings", async ({ page, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const client = await subscribedClient(api.id);
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };
  await connectWhenAdmitted(url, auth).then(({ socket }) => socket.close());

  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/runtime`);
  const denied = page.getByRole("textbox", { name: "Denied addresses" });
  await denied.fill("127.0.0.1/8");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/127\.0\.0\.1\/8/).and(page.locator(".Mui-error"))).toBeVisible();
  await denied.fill("127.0.0.0/8\n::1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Runtime settings saved")).toBeVisible();
  await expect.poll(() => handshakeOutcome(url, auth)).toBe("403 ip_not_allowed");

  const publisher = await makeUser(["PUBLISHER"]);
  await page.context().clearCookies();
  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/runtime`);
  await expect(page.getByText("Changing runtime settings needs the creator role.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Denied addresses" })).toBeDisabled();
  await expect(page.getByRole("textbox", { name: "Denied addresses" })).toHaveValue("127.0.0.0/8\n::1");
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
});
