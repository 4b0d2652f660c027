// Subscription approvals (Admin → Tasks) and blocks (Publisher → API → Subscriptions) at a
// real gateway: ON_HOLD is 403 subscription_on_hold, REJECTED and BLOCKED their own 403s; an
// approval is accepted as soon as its change lands; a block closes live connections with 1008.
import { describe, expect, it } from "vitest";
import { blockSubscription, unblockSubscription } from "../../lib/api-subscribers";
import { setApiPlans } from "../../lib/api-plans";
import { db } from "../../lib/db";
import { generateKeys } from "../../lib/keys";
import { createPlan } from "../../lib/plans";
import { subscribe } from "../../lib/subscriptions";
import { makeUser, publishedApi, unique } from "../../lib/testing/fixtures";
import { decideTask } from "../../lib/workflow-tasks";
import type { SubscriptionGrant } from "../config/snapshot";
import { subscriptionKey } from "../config/snapshot";
import { closed, gatewayKnows, open, openOk, roundTrip, servedApi, gatewayWithBackend } from "../testing/harness";
import { gatewayPath } from "../../lib/gateway-urls";

const { gateway, backend } = gatewayWithBackend();

/** An API offering a plan that requires approval, and a developer whose subscription to it waits, with production keys. */
async function waitingSubscription() {
  const { admin, api } = await publishedApi(backend.url);
  const plan = await createPlan(admin, { name: unique("Approved"), requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  const subscription = await subscribe(user, { applicationId: app.id, apiId: api.id, planName: plan.name });
  const keys = await generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" });
  const path = gatewayPath(api);
  await gatewayKnows(gateway, { path, consumerKey: keys.consumerKey, token: keys.token.accessToken, subscription: { applicationId: app.id, apiId: api.id } });
  const task = await db.workflowTask.findFirstOrThrow({ where: { subscriptionId: subscription.id, status: "PENDING" } });
  return { admin, api, app, task, subscription, url: `${gateway.url}${path}`, token: keys.token.accessToken };
}

const statusLanded = (s: { app: { id: string }; api: { id: string } }, status: SubscriptionGrant["status"]) =>
  gateway.store.until((snapshot) => snapshot.subscriptions.get(subscriptionKey(s.app.id, s.api.id))?.status === status);

describe("subscriptions waiting for approval", () => {
  it("refuses an ON_HOLD subscription with 403 subscription_on_hold and accepts it once an admin approves", async () => {
    const waiting = await waitingSubscription();
    expect(await open(waiting.url, { token: waiting.token })).toMatchObject({ opened: false, status: 403, body: { error: "subscription_on_hold" } });

    await decideTask(waiting.admin, { taskId: waiting.task.id, decision: "APPROVE" });
    await statusLanded(waiting, "ACTIVE");
    const ws = await openOk(waiting.url, { token: waiting.token });
    expect((await roundTrip(ws, "approved")).data.toString()).toBe("approved");
    ws.close();
  });

  it("refuses a rejected subscription with 403 subscription_rejected", async () => {
    const waiting = await waitingSubscription();
    await decideTask(waiting.admin, { taskId: waiting.task.id, decision: "REJECT", reason: "Not for production use." });
    await statusLanded(waiting, "REJECTED");
    const refused = await open(waiting.url, { token: waiting.token });
    expect(refused).toMatchObject({ opened: false, status: 403, body: { error: "subscription_rejected" } });
  });
});

describe("blocked subscriptions", () => {
  it("closes a live connection with 1008 when the creator blocks its subscription, refuses it with 403 subscription_blocked, and admits it once unblocked", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    await blockSubscription(served.admin, { subscriptionId: (await db.subscription.findFirstOrThrow({ where: { applicationId: served.app.id, apiId: served.api.id } })).id, scope: "all" });
    expect(await clientClosed).toEqual({ code: 1008, reason: "subscription_blocked" });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 403, body: { error: "subscription_blocked" } });

    const subscription = await db.subscription.findFirstOrThrow({ where: { applicationId: served.app.id, apiId: served.api.id } });
    await unblockSubscription(served.admin, subscription.id);
    await statusLanded(served, "ACTIVE");
    (await openOk(served.url, { token: served.token })).close();
  });
});
