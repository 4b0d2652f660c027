// Subscriptions: an application's right to call an API under a business plan.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
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
      const subscription = await tx.subscription.create({
        data: { applicationId: application.id, apiId: api.id, planId: offered.planId },
      });
      await notifyConfigChanged(tx, "subscription");
      return subscription;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `${application.name} is already subscribed to ${api.name}.`, "applicationId");
    throw e;
  }
}

/** The actor's subscriptions to one API, with the key types each application holds. */
export async function subscriptionsToApi(actor: Actor, apiId: string) {
  return db.subscription.findMany({
    where: { apiId, application: { ownerId: actor.id } },
    include: { application: { include: { keys: { select: { keyType: true } } } }, plan: true },
  });
}

async function ownedSubscription(actor: Actor, id: string) {
  const subscription = await db.subscription.findFirst({
    where: { id, application: { ownerId: actor.id } },
    include: { api: { include: { plans: { include: { plan: true } } } } },
  });
  if (!subscription) throw new DuplexError("NOT_FOUND", "No such subscription.");
  return subscription;
}

export async function unsubscribe(actor: Actor, subscriptionId: string) {
  await ownedSubscription(actor, subscriptionId);
  await db.$transaction(async (tx) => {
    await tx.subscription.delete({ where: { id: subscriptionId } });
    await notifyConfigChanged(tx, "subscription");
  });
}

/** Moves a subscription to another plan the API offers. */
export async function changeSubscriptionPlan(actor: Actor, subscriptionId: string, planName: string) {
  const subscription = await ownedSubscription(actor, subscriptionId);
  const offered = subscription.api.plans.find((p) => p.plan.name === planName);
  if (!offered) throw new DuplexError("INVALID", `${subscription.api.name} does not offer the ${planName} plan.`, "planName");
  await db.$transaction(async (tx) => {
    await tx.subscription.update({ where: { id: subscriptionId }, data: { planId: offered.planId } });
    await notifyConfigChanged(tx, "subscription");
  });
}
