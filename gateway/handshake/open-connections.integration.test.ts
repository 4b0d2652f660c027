// A connection lives only as long as its right to: the token's expiry, a revocation, or a
// subscription that stops being active end it with 1008; the backend sees 1001.
import { describe, expect, it } from "vitest";
import { deleteKeys } from "../../lib/keys";
import { revokeToken } from "../../lib/revocation";
import { issueAccessToken } from "../../lib/tokens";
import { changeConfig, closed, open, openOk, roundTrip, servedApi, gatewayWithBackend } from "../testing/harness";
import { subscriptionKey } from "../config/snapshot";

const { gateway, backend } = gatewayWithBackend();

describe("open connections", () => {
  it("closes with 1008 when the access token expires mid-connection", async () => {
    const served = await servedApi(gateway, backend.url);
    const shortLived = await issueAccessToken({
      application: { id: served.app.id, name: served.app.name, ownerId: served.user.id, ownerUsername: served.user.username },
      consumerKey: served.keys.consumerKey,
      keyType: "PRODUCTION",
      validitySeconds: 2,
    });
    const ws = await openOk(served.url, { token: shortLived.accessToken });
    const backendClosed = closed(backend.sockets.at(-1)!);
    const clientClosed = closed(ws);
    expect((await roundTrip(ws, "before expiry")).data.toString()).toBe("before expiry");
    expect(await clientClosed).toEqual({ code: 1008, reason: "The access token has expired." });
    expect(await backendClosed).toEqual({ code: 1001, reason: "Client access ended" });
  });

  it("closes with 1008 a connection whose token is revoked while it is open", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    expect(await revokeToken(served.keys.consumerKey, served.keys.consumerSecret, served.token)).toBe(true);
    expect(await clientClosed).toEqual({ code: 1008, reason: "The access token has been revoked." });
  });

  it("closes with 1008 when the subscription is blocked while connected", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    await changeConfig("subscription", (tx) =>
      tx.subscription.update({ where: { applicationId_apiId: { applicationId: served.app.id, apiId: served.api.id } }, data: { status: "BLOCKED" } }),
    );
    await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(served.app.id, served.api.id))?.status === "BLOCKED");
    expect(await clientClosed).toEqual({ code: 1008, reason: "subscription_blocked" });
  });

  it("closes with 1008 when the application's keys are deleted, and refuses their tokens after", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    await deleteKeys(served.user, served.app.id, "PRODUCTION");
    expect(await clientClosed).toEqual({ code: 1008, reason: "The application keys this token was issued to no longer exist." });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 401, body: { error: "invalid_token" } });
  });
});
