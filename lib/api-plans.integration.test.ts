import { describe, expect, it } from "vitest";
import { setApiPlans } from "./api-plans";
import { createApi } from "./apis";
import { db } from "./db";
import { makeUser, publishedApi, subscribedClient, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

const planNames = async (apiId: string) => (await db.apiPlan.findMany({ where: { apiId }, include: { plan: true } })).map((p) => p.plan.name).sort();

describe("setApiPlans", () => {
  it("adds and removes plans of a created API, down to none", async () => {
    const creator = await makeUser(["CREATOR"]);
    const name = unique("Api");
    const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0", plans: ["Gold"] });
    await setApiPlans(creator, api.id, ["Bronze", "Unlimited"]);
    expect(await planNames(api.id)).toEqual(["Bronze", "Unlimited"]);
    await setApiPlans(creator, api.id, []);
    expect(await planNames(api.id)).toEqual([]);
  });

  it("refuses removing the last plan of a published API, with the reason", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const e = await refusal(setApiPlans(admin, api.id, []));
    expect([e.code, e.field]).toEqual(["INVALID", "plans"]);
    expect(e.message).toMatch(/published API must offer at least one business plan/);
    expect(await planNames(api.id)).toEqual(["Gold"]);
  });

  it("refuses removing a plan that subscriptions use", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    await subscribedClient(api.id);
    const e = await refusal(setApiPlans(admin, api.id, ["Bronze"]));
    expect([e.code, e.message]).toEqual(["CONFLICT", "Gold cannot be removed: 1 subscription uses it."]);
  });

  it("refuses an unknown plan and a publisher without the creator role", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    expect((await refusal(setApiPlans(admin, api.id, ["Gold", "Platinum"]))).message).toBe("Unknown business plan: Platinum.");
    expect((await refusal(setApiPlans(await makeUser(["PUBLISHER"]), api.id, ["Gold"]))).code).toBe("FORBIDDEN");
  });
});
