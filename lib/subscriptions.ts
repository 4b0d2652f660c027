// Subscriptions: an application's right to call an API under a business plan. A plan that
// requires approval makes the subscription wait ON_HOLD (or a plan change wait, the old plan
// kept) for an admin's decision: lib/workflow-tasks.ts.
import { z } from "zod";
import { db, type Tx } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import { recordAudit } from "./audit";
import type { Actor } from "./roles";

export const ZSubscribe = z.object({
  applicationId: z.string().min(1, "Choose an application."),
  apiId: z.string().min(1),
  planName: z.string().min(1, "Choose a business plan."),
});
export type SubscribeInput = z.input<typeof ZSubscribe>;

/** States in which an API takes new subscriptions. Deprecated APIs keep serving but take none. */
const subscribable = ["PUBLISHED", "PROTOTYPED"];

export async function subscribe(actor: Actor, raw: SubscribeInput) {
  const input = ZSubscribe.parse(raw);
  const application = await db.application.findFirst({ where: { id: input.applicationId, ownerId: actor.id } });
  if (!application) throw new DuplexError("NOT_FOUND", "No such application.", "applicationId");
  const api = await db.api.findUnique({ where: { id: input.apiId }, include: { plans: { include: { plan: true } } } });
  if (!api || !subscribable.includes(api.status)) throw new DuplexError("NOT_FOUND", "This API takes no subscriptions.");
  const offered = api.plans.find((p) => p.plan.name === input.planName);
  if (!offered) throw new DuplexError("INVALID", `${api.name} does not offer the ${input.planName} plan.`, "planName");
  try {
    return await db.$transaction(async (tx) => {
      const onHold = offered.plan.requiresApproval;
      const subscription = await tx.subscription.create({
        data: { applicationId: application.id, apiId: api.id, planId: offered.planId, status: onHold ? "ON_HOLD" : "ACTIVE" },
      });
      if (onHold) await tx.workflowTask.create({ data: { type: "SUBSCRIPTION_CREATION", subscriptionId: subscription.id, planId: offered.planId } });
      await recordAudit(tx, actor, {
        entity: "subscription",
        entityId: subscription.id,
        action: "subscribe",
        after: { ...auditedSubscription({ application, api, plan: offered.plan, status: subscription.status }), ...(onHold ? { approval: "pending" } : {}) },
      });
      await notifyConfigChanged(tx, "subscription");
      return subscription;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `${application.name} is already subscribed to ${api.name}.`, "applicationId");
    throw e;
  }
}

/**
 * A subscription's latest approval request, for the Developer Portal: pending, or how an admin
 * decided and why. Include it as `workflowTasks` in a subscription query.
 */
export const latestApproval = {
  orderBy: { createdAt: "desc" },
  take: 1,
  select: { id: true, type: true, status: true, reason: true, createdAt: true, decidedAt: true, plan: { select: { name: true, displayName: true } } },
} as const;

/** The actor's subscriptions to one API, with the key types each application holds and the latest approval request. */
export async function subscriptionsToApi(actor: Actor, apiId: string) {
  return db.subscription.findMany({
    where: { apiId, application: { ownerId: actor.id } },
    include: { application: { include: { keys: { select: { keyType: true } } } }, plan: true, workflowTasks: latestApproval },
  });
}

/** What a subscription's audit rows show: names beside the ids, as the log outlives the rows. */
export function auditedSubscription(s: {
  application: { id: string; name: string };
  api: { id: string; name: string; version: string };
  plan: { name: string };
  status: string;
}) {
  return {
    application: { id: s.application.id, name: s.application.name },
    api: { id: s.api.id, name: s.api.name, version: s.api.version },
    plan: s.plan.name,
    status: s.status,
  };
}

/** One of the actor's subscriptions, locked for the rest of the transaction. */
async function ownedSubscription(tx: Tx, actor: Actor, id: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT s.id FROM "Subscription" s JOIN "Application" a ON a.id = s."applicationId" WHERE s.id = ${id} AND a."ownerId" = ${actor.id} FOR UPDATE OF s`;
  if (!locked) throw new DuplexError("NOT_FOUND", "No such subscription.");
  return tx.subscription.findUniqueOrThrow({
    where: { id },
    include: { application: true, plan: true, api: { include: { plans: { include: { plan: true } } } } },
  });
}

export async function unsubscribe(actor: Actor, subscriptionId: string) {
  await db.$transaction(async (tx) => {
    const subscription = await ownedSubscription(tx, actor, subscriptionId);
    await tx.subscription.delete({ where: { id: subscriptionId } });
    await recordAudit(tx, actor, { entity: "subscription", entityId: subscriptionId, action: "unsubscribe", before: auditedSubscription(subscription) });
    await notifyConfigChanged(tx, "subscription");
  });
}

/**
 * Moves a subscription to another plan the API offers; to a plan that requires approval, it
 * asks for it instead, and the subscription keeps its plan until an admin approves.
 */
export async function changeSubscriptionPlan(actor: Actor, subscriptionId: string, planName: string): Promise<{ pendingApproval: boolean }> {
  return db.$transaction(async (tx) => {
    const subscription = await ownedSubscription(tx, actor, subscriptionId);
    const offered = subscription.api.plans.find((p) => p.plan.name === planName);
    if (!offered) throw new DuplexError("INVALID", `${subscription.api.name} does not offer the ${planName} plan.`, "planName");
    if (subscription.status === "ON_HOLD") throw new DuplexError("CONFLICT", "This subscription waits for approval: its plan can change once an admin approves it.", "planName");
    if (subscription.status === "REJECTED") throw new DuplexError("CONFLICT", "This subscription was rejected: unsubscribe, then subscribe again with another plan.", "planName");
    const pending = await tx.workflowTask.findFirst({ where: { subscriptionId, status: "PENDING" }, include: { plan: true } });
    if (pending) throw new DuplexError("CONFLICT", `A change to the ${pending.plan.name} plan waits for an admin's approval.`, "planName");
    if (offered.planId === subscription.planId) throw new DuplexError("CONFLICT", `The subscription is on the ${planName} plan already.`, "planName");
    if (offered.plan.requiresApproval) {
      await tx.workflowTask.create({ data: { type: "SUBSCRIPTION_UPDATE", subscriptionId, planId: offered.planId } });
      await recordAudit(tx, actor, {
        entity: "subscription",
        entityId: subscriptionId,
        action: "request-plan-change",
        before: auditedSubscription(subscription),
        after: { ...auditedSubscription(subscription), requestedPlan: offered.plan.name, approval: "pending" },
      });
      return { pendingApproval: true };
    }
    await tx.subscription.update({ where: { id: subscriptionId }, data: { planId: offered.planId } });
    await recordAudit(tx, actor, {
      entity: "subscription",
      entityId: subscriptionId,
      action: "change-plan",
      before: auditedSubscription(subscription),
      after: auditedSubscription({ ...subscription, plan: offered.plan }),
    });
    await notifyConfigChanged(tx, "subscription");
    return { pendingApproval: false };
  });
}
