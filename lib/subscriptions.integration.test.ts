import { describe, expect, it } from "vitest";
import { createApi } from "./apis";
import { db } from "./db";
import { changeLifecycle } from "./lifecycle";
import { subscribe } from "./subscriptions";
import { makeUser, publishedApi, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

async function developer() {
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  return { user, app };
}

describe("subscribe", () => {
  it("subscribes an application to a published API under an offered plan", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const { user, app } = await developer();
    const subscription = await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    const plan = await db.businessPlan.findUniqueOrThrow({ where: { name: "Gold" } });
    expect(subscription).toMatchObject({ applicationId: app.id, apiId: api.id, planId: plan.id, status: "ACTIVE" });
  });

  it("refuses a plan the API does not offer, on the plan field", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const { user, app } = await developer();
    const e = await refusal(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Silver" }));
    expect([e.code, e.field]).toEqual(["INVALID", "planName"]);
    expect(await db.subscription.count({ where: { apiId: api.id } })).toBe(0);
  });

  it("refuses a second subscription of one application to one API", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const { user, app } = await developer();
    await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    const e = await refusal(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" }));
    expect([e.code, e.field]).toEqual(["CONFLICT", "applicationId"]);
    expect(await db.subscription.count({ where: { apiId: api.id } })).toBe(1);
  });

  it("does not let a user subscribe another user's application: NOT_FOUND, so ids leak nothing", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const owner = await developer();
    const stranger = await makeUser(["SUBSCRIBER"]);
    const e = await refusal(subscribe(stranger, { applicationId: owner.app.id, apiId: api.id, planName: "Gold" }));
    expect([e.code, e.field]).toEqual(["NOT_FOUND", "applicationId"]);
    expect(await db.subscription.count({ where: { apiId: api.id } })).toBe(0);
  });

  it("refuses an API that is only CREATED", async () => {
    const creator = await makeUser(["CREATOR"]);
    const name = unique("Api");
    const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint: "ws://localhost:7070", plans: ["Gold"] });
    const { user, app } = await developer();
    expect((await refusal(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" }))).code).toBe("NOT_FOUND");
  });

  it("refuses a deprecated API, which keeps serving but takes no new subscriptions", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    await changeLifecycle(admin, api.id, "Deprecate");
    const { user, app } = await developer();
    expect((await refusal(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" }))).code).toBe("NOT_FOUND");
  });

  it("takes subscriptions to a prototype", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    await changeLifecycle(admin, api.id, "Deploy as a Prototype");
    const { user, app } = await developer();
    await expect(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" })).resolves.toMatchObject({ status: "ACTIVE" });
  });
});
