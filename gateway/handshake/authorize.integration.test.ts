// Which applications may use an API: WSO2's API and subscription states, enforced at the handshake.
import { describe, expect, it } from "vitest";
import { createApi } from "../../lib/apis";
import { db } from "../../lib/db";
import { gatewayPath } from "../../lib/gateway-urls";
import { generateKeys } from "../../lib/keys";
import { changeLifecycle } from "../../lib/lifecycle";
import { makeUser, unique } from "../../lib/testing/fixtures";
import type { SubscriptionGrant } from "../config/snapshot";
import { subscriptionKey } from "../config/snapshot";
import { changeConfig, gatewayKnows, open, openOk, roundTrip, servedApi, gatewayWithBackend } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

/** An application with production keys and no subscriptions. */
async function unsubscribedClient() {
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  const keys = await generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" });
  await gatewayKnows(gateway, { consumerKey: keys.consumerKey, token: keys.token.accessToken });
  return { user, app, token: keys.token.accessToken };
}

async function setSubscriptionStatus(served: Awaited<ReturnType<typeof servedApi>>, status: SubscriptionGrant["status"]) {
  await changeConfig("subscription", (tx) =>
    tx.subscription.update({ where: { applicationId_apiId: { applicationId: served.app.id, apiId: served.api.id } }, data: { status } }),
  );
  await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(served.app.id, served.api.id))?.status === status);
}

describe("authorize", () => {
  it("refuses an application that is not subscribed with 403 not_subscribed, naming the API", async () => {
    const served = await servedApi(gateway, backend.url);
    const stranger = await unsubscribedClient();
    const r = await open(served.url, { token: stranger.token });
    expect(r).toMatchObject({ opened: false, status: 403, body: { error: "not_subscribed" } });
    if (!r.opened) expect(r.body.message).toBe(`The application ${stranger.app.name} is not subscribed to ${served.api.name} 1.0.`);
  });

  it("refuses everyone on a blocked API with 403 api_blocked", async () => {
    const served = await servedApi(gateway, backend.url);
    await changeLifecycle(served.admin, served.api.id, "Block");
    await gateway.store.until((s) => s.routes.get(served.path)?.status === "BLOCKED");
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({ opened: false, status: 403, body: { error: "api_blocked" } });
  });

  it("keeps serving a deprecated API to its subscribers", async () => {
    const served = await servedApi(gateway, backend.url);
    await changeLifecycle(served.admin, served.api.id, "Deprecate");
    await gateway.store.until((s) => s.routes.get(served.path)?.status === "DEPRECATED");
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "still here")).data.toString()).toBe("still here");
    ws.close();
  });

  it("refuses a blocked subscription, and a production token on a production-blocked one", async () => {
    const served = await servedApi(gateway, backend.url);
    await setSubscriptionStatus(served, "BLOCKED");
    expect(await open(served.url, { token: served.token })).toMatchObject({ status: 403, body: { error: "subscription_blocked" } });
    await setSubscriptionStatus(served, "PROD_ONLY_BLOCKED");
    expect(await open(served.url, { token: served.token })).toMatchObject({ status: 403, body: { error: "subscription_blocked" } });
    await setSubscriptionStatus(served, "ON_HOLD");
    expect(await open(served.url, { token: served.token })).toMatchObject({ status: 403, body: { error: "subscription_on_hold" } });
    await setSubscriptionStatus(served, "ACTIVE");
    (await openOk(served.url, { token: served.token })).close();
  });

  it("lets any valid token use a prototyped API without a subscription", async () => {
    const admin = await makeUser(["ADMIN"]);
    const name = unique("Proto");
    const api = await createApi(admin, { name, context: `/${name.toLowerCase()}`, version: "0.1", endpoint: backend.url });
    await changeLifecycle(admin, api.id, "Deploy as a Prototype");
    const path = gatewayPath(api);
    await gateway.store.until((s) => s.routes.get(path)?.status === "PROTOTYPED");
    const client = await unsubscribedClient();
    const ws = await openOk(`${gateway.url}${path}`, { token: client.token });
    expect((await roundTrip(ws, "try me")).data.toString()).toBe("try me");
    ws.close();
    expect(await open(`${gateway.url}${path}`)).toMatchObject({ status: 401 });
  });
});
