import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockSubscription, listApiSubscriptions, unblockSubscription } from "./api-subscribers";
import { db } from "./db";
import { makeUser, publishedApi, subscribedClient } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

describe("an API's subscriptions", () => {
  it("are listed for its creator, publishers and admins, with application, owner, plan and state", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const { user, app } = await subscribedClient(api.id);
    const view = await listApiSubscriptions(admin, api.id);
    expect(view.canBlock).toBe(true);
    expect(view.subscriptions.map((s) => [s.application.name, s.application.owner.username, s.plan.name, s.status])).toEqual([[app.name, user.username, "Gold", "ACTIVE"]]);
    expect((await listApiSubscriptions(await makeUser(["PUBLISHER"]), api.id)).canBlock).toBe(false);
    expect((await refusal(listApiSubscriptions(await makeUser(["CREATOR"]), api.id))).code).toBe("FORBIDDEN");
    expect((await refusal(listApiSubscriptions(user, api.id))).code).toBe("FORBIDDEN");
  });

  it("are blocked for production only or for all, and unblocked, by the API's creator: audited and told to the gateways", async () => {
    const creator = await makeUser(["CREATOR", "PUBLISHER"]);
    const { api } = await publishedApi("ws://localhost:7070");
    await db.api.update({ where: { id: api.id }, data: { providerId: creator.id } });
    const { app } = await subscribedClient(api.id);
    const subscription = await db.subscription.findFirstOrThrow({ where: { apiId: api.id, applicationId: app.id } });

    let told = listener.next("subscription");
    expect((await blockSubscription(creator, { subscriptionId: subscription.id, scope: "production" })).status).toBe("PROD_ONLY_BLOCKED");
    await told;
    expect((await blockSubscription(creator, { subscriptionId: subscription.id, scope: "all" })).status).toBe("BLOCKED");
    expect((await refusal(blockSubscription(creator, { subscriptionId: subscription.id, scope: "all" }))).message).toBe(`The subscription of ${app.name} is blocked already.`);
    told = listener.next("subscription");
    expect((await unblockSubscription(creator, subscription.id)).status).toBe("ACTIVE");
    await told;

    const rows = await db.auditEvent.findMany({ where: { entityId: subscription.id, action: { in: ["block", "unblock"] } }, orderBy: { at: "asc" } });
    expect(rows.map((r) => [r.action, r.actorId, (r.after as { status: string }).status])).toEqual([
      ["block", creator.id, "PROD_ONLY_BLOCKED"],
      ["block", creator.id, "BLOCKED"],
      ["unblock", creator.id, "ACTIVE"],
    ]);
  });

  it("cannot be blocked by another creator or a publisher, nor while waiting for approval", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const { app } = await subscribedClient(api.id);
    const subscription = await db.subscription.findFirstOrThrow({ where: { apiId: api.id, applicationId: app.id } });
    for (const stranger of [await makeUser(["CREATOR"]), await makeUser(["PUBLISHER"])]) {
      expect((await refusal(blockSubscription(stranger, { subscriptionId: subscription.id, scope: "all" }))).code).toBe("FORBIDDEN");
    }
    await db.subscription.update({ where: { id: subscription.id }, data: { status: "ON_HOLD" } });
    expect((await refusal(blockSubscription(await makeUser(["ADMIN"]), { subscriptionId: subscription.id, scope: "all" }))).message).toBe(
      `The subscription of ${app.name} waits for approval: there is nothing to block.`,
    );
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("ON_HOLD");
  });
});
