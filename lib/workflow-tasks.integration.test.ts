import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setApiPlans } from "./api-plans";
import { getApplication } from "./applications";
import { db } from "./db";
import { createPlan, deletePlan } from "./plans";
import { changeSubscriptionPlan, subscribe, subscriptionsToApi, unsubscribe } from "./subscriptions";
import { makeUser, publishedApi, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";
import { countPendingTasks, decideTask, listWorkflowTasks } from "./workflow-tasks";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

/** A published API offering Gold and a plan that requires approval, and a developer with an application. */
async function approvalSetting() {
  const { admin, api } = await publishedApi("ws://localhost:7070");
  const plan = await createPlan(admin, { name: unique("Approved"), eventCount: 100, requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const developer = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: developer.id } });
  return { admin, api, plan, developer, app };
}

const tasksOf = (subscriptionId: string) => db.workflowTask.findMany({ where: { subscriptionId }, orderBy: { createdAt: "asc" } });

describe("subscribing to a plan that requires approval", () => {
  it("is On hold with a pending task the admin lists, and approving makes it active, telling the gateways", async () => {
    const { admin, api, plan, developer, app } = await approvalSetting();
    const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: plan.name });
    expect(subscription.status).toBe("ON_HOLD");

    const pending = await listWorkflowTasks(admin, { type: "SUBSCRIPTION_CREATION", pageSize: 100 });
    const task = pending.rows.find((t) => t.subscriptionId === subscription.id)!;
    expect(task).toMatchObject({
      status: "PENDING",
      plan: { name: plan.name },
      subscription: { application: { name: app.name, owner: { username: developer.username } }, api: { name: api.name, version: "1.0" } },
    });
    expect((await countPendingTasks(admin)).SUBSCRIPTION_CREATION).toBeGreaterThanOrEqual(1);
    const [waiting] = await subscriptionsToApi(developer, api.id);
    expect(waiting.workflowTasks[0]).toMatchObject({ status: "PENDING", type: "SUBSCRIPTION_CREATION" });

    const told = listener.next("subscription");
    const decided = await decideTask(admin, { taskId: task.id, decision: "APPROVE" });
    await told;
    expect(decided).toMatchObject({ status: "APPROVED", decidedById: admin.id, decidedByUsername: admin.username, subscription: { status: "ACTIVE" } });
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("ACTIVE");
    const rows = await db.auditEvent.findMany({ where: { entityId: subscription.id }, orderBy: { at: "asc" } });
    expect(rows.map((r) => [r.action, (r.after as { status: string }).status])).toEqual([
      ["subscribe", "ON_HOLD"],
      ["approve-subscription", "ACTIVE"],
    ]);
  });

  it("rejecting needs a reason, which the developer reads beside the rejected subscription", async () => {
    const { admin, api, plan, developer, app } = await approvalSetting();
    const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: plan.name });
    const [task] = await tasksOf(subscription.id);
    await expect(decideTask(admin, { taskId: task.id, decision: "REJECT" })).rejects.toThrow("a rejection needs a reason");

    await decideTask(admin, { taskId: task.id, decision: "REJECT", reason: "Production use only after the contract." });
    const seen = (await getApplication(developer, app.id)).subscriptions.find((s) => s.id === subscription.id)!;
    expect(seen.status).toBe("REJECTED");
    expect(seen.workflowTasks[0]).toMatchObject({ status: "REJECTED", reason: "Production use only after the contract." });
    const again = await refusal(decideTask(admin, { taskId: task.id, decision: "APPROVE" }));
    expect([again.code, again.message]).toEqual(["CONFLICT", `${admin.username} has rejected this request already.`]);
    expect((await refusal(changeSubscriptionPlan(developer, subscription.id, "Gold"))).message).toMatch(/was rejected: unsubscribe/);
  });

  it("is decided by admins only, and a task whose subscription is gone is not found", async () => {
    const { api, plan, developer, app } = await approvalSetting();
    const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: plan.name });
    const [task] = await tasksOf(subscription.id);
    expect((await refusal(decideTask(await makeUser(["CREATOR", "PUBLISHER"]), { taskId: task.id, decision: "APPROVE" }))).code).toBe("FORBIDDEN");
    expect((await refusal(listWorkflowTasks(developer))).code).toBe("FORBIDDEN");
    await unsubscribe(developer, subscription.id);
    expect((await refusal(decideTask(await makeUser(["ADMIN"]), { taskId: task.id, decision: "APPROVE" }))).code).toBe("NOT_FOUND");
  });
});

describe("changing a subscription's plan to one that requires approval", () => {
  it("keeps the old plan until approved, refuses a second change meanwhile, and then moves", async () => {
    const { admin, api, plan, developer, app } = await approvalSetting();
    const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    expect(await changeSubscriptionPlan(developer, subscription.id, plan.name)).toEqual({ pendingApproval: true });
    const gold = await db.businessPlan.findUniqueOrThrow({ where: { name: "Gold" } });
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: "ACTIVE", planId: gold.id });
    expect((await refusal(changeSubscriptionPlan(developer, subscription.id, "Gold"))).message).toBe(`A change to the ${plan.name} plan waits for an admin's approval.`);
    expect((await refusal(deletePlan(admin, plan.id))).message).toContain("asked for by 1 request waiting for approval");

    const [task] = await tasksOf(subscription.id);
    expect(task.type).toBe("SUBSCRIPTION_UPDATE");
    await decideTask(admin, { taskId: task.id, decision: "APPROVE", reason: "Welcome." });
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: "ACTIVE", planId: plan.id });
    const actions = (await db.auditEvent.findMany({ where: { entityId: subscription.id }, orderBy: { at: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["subscribe", "request-plan-change", "approve-plan-change"]);
  });

  it("a rejected change leaves the plan as it was; a change the API no longer offers cannot be approved", async () => {
    const { admin, api, plan, developer, app } = await approvalSetting();
    const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    await changeSubscriptionPlan(developer, subscription.id, plan.name);
    const [first] = await tasksOf(subscription.id);
    await decideTask(admin, { taskId: first.id, decision: "REJECT", reason: "Not this quarter." });
    const gold = await db.businessPlan.findUniqueOrThrow({ where: { name: "Gold" } });
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).planId).toBe(gold.id);

    await changeSubscriptionPlan(developer, subscription.id, plan.name);
    await setApiPlans(admin, api.id, ["Gold"]);
    const second = (await tasksOf(subscription.id)).find((t) => t.status === "PENDING")!;
    expect((await refusal(decideTask(admin, { taskId: second.id, decision: "APPROVE" }))).message).toBe(`${api.name} no longer offers the ${plan.name} plan: reject the request.`);
  });
});
