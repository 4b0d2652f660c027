import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setApiPlans } from "./api-plans";
import { db } from "./db";
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from "./plans";
import { seed } from "../prisma/seed";
import { makeUser, publishedApi, subscribedClient, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

const planRows = (planId: string) => db.auditEvent.findMany({ where: { entity: "plan", entityId: planId }, orderBy: { at: "asc" } });

describe("createPlan and updatePlan", () => {
  it("create a plan with every limit, and edit it: audited, and the gateways told", async () => {
    const admin = await makeUser(["ADMIN"]);
    const name = unique("Plan");
    const told = listener.next("plan");
    const plan = await createPlan(admin, {
      name,
      displayName: "Platinum",
      description: "For busy apps.",
      eventCount: 6000,
      timeUnit: "MINUTE",
      burstLimit: 200,
      burstTimeUnit: "SECOND",
      bandwidthAmount: 50,
      bandwidthDataUnit: "MB",
      bandwidthTimeUnit: "HOUR",
      maxConnections: 10,
      throttleAction: "CLOSE",
      requiresApproval: true,
    });
    await told;
    expect(plan).toMatchObject({ name, displayName: "Platinum", burstLimit: 200, bandwidthDataUnit: "MB", throttleAction: "CLOSE", requiresApproval: true });
    expect((await listPlans()).some((p) => p.id === plan.id)).toBe(true);

    const toldAgain = listener.next("plan");
    const edited = await updatePlan(admin, plan.id, { displayName: "", eventCount: 100, timeUnit: "SECOND", maxConnections: "" });
    await toldAgain;
    expect(edited).toMatchObject({ name, displayName: null, eventCount: 100, timeUnit: "SECOND", burstLimit: null, maxConnections: null, throttleAction: null, requiresApproval: false });

    const rows = await planRows(plan.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "update"]);
    expect(rows[1].before).toMatchObject({ eventCount: 6000, burstLimit: 200, displayName: "Platinum" });
    expect(rows[1].after).toMatchObject({ eventCount: 100, burstLimit: null, displayName: null });
  });

  it("refuses a taken name, a bad field and a non-admin, writing nothing", async () => {
    const admin = await makeUser(["ADMIN"]);
    const name = unique("Plan");
    const plan = await createPlan(admin, { name, eventCount: 10 });
    const taken = await refusal(createPlan(admin, { name }));
    expect([taken.code, taken.field]).toEqual(["CONFLICT", "name"]);
    await expect(updatePlan(admin, plan.id, { eventCount: 10, burstLimit: 20, burstTimeUnit: "SECOND" })).rejects.toThrow("The burst limit must be below");
    expect((await refusal(updatePlan(await makeUser(["CREATOR", "PUBLISHER"]), plan.id, { eventCount: 1 }))).code).toBe("FORBIDDEN");
    expect((await refusal(updatePlan(admin, "no-such-plan", {}))).code).toBe("NOT_FOUND");
    expect((await planRows(plan.id)).map((r) => r.action)).toEqual(["create"]);
    expect((await getPlan(admin, plan.id)).eventCount).toBe(10);
  });
});

describe("deletePlan", () => {
  it("is refused while APIs offer the plan or subscriptions use it, saying how many of each", async () => {
    const admin = await makeUser(["ADMIN"]);
    const plan = await createPlan(admin, { name: unique("Plan"), eventCount: 100 });
    const { api } = await publishedApi("ws://localhost:7070");
    const { api: other } = await publishedApi("ws://localhost:7070");
    await setApiPlans(admin, api.id, ["Gold", plan.name]);
    await setApiPlans(admin, other.id, ["Gold", plan.name]);
    const { user, app } = await subscribedClient(api.id);
    await db.subscription.update({ where: { applicationId_apiId: { applicationId: app.id, apiId: api.id } }, data: { planId: plan.id } });

    const e = await refusal(deletePlan(admin, plan.id));
    expect([e.code, e.message]).toEqual([
      "CONFLICT",
      `${plan.name} is offered by 2 APIs and used by 1 subscription: remove it from those APIs' business plans and move those subscriptions to another plan first.`,
    ]);
    await db.subscription.deleteMany({ where: { application: { ownerId: user.id } } });
    await setApiPlans(admin, api.id, ["Gold"]);
    expect((await refusal(deletePlan(admin, plan.id))).message).toBe(`${plan.name} is offered by 1 API: remove it from those APIs' business plans first.`);
    await setApiPlans(admin, other.id, ["Gold"]);

    const told = listener.next("plan");
    await deletePlan(admin, plan.id);
    await told;
    expect(await db.businessPlan.findUnique({ where: { id: plan.id } })).toBeNull();
    expect((await planRows(plan.id)).map((r) => r.action)).toEqual(["create", "delete"]);
  });
});

describe("the plans WSO2 ships with", () => {
  it("are ordinary rows: an admin's edit survives the seed running again at the next start", async () => {
    const admin = await makeUser(["ADMIN"]);
    const bronze = await db.businessPlan.findUniqueOrThrow({ where: { name: "Bronze" } });
    const description = `Edited ${unique("")}`;
    await updatePlan(admin, bronze.id, { ...bronze, description });
    try {
      await seed();
      expect((await db.businessPlan.findUniqueOrThrow({ where: { name: "Bronze" } })).description).toBe(description);
    } finally {
      await updatePlan(admin, bronze.id, { ...bronze });
    }
  });
});
