// Publisher → API → Subscriptions (WSO2's Manage → Subscriptions): who subscribes to an API,
// with which plan, in which state; the API's creator (or an admin) blocks a subscription,
// for production keys only or for all, and unblocks it. The gateways close a blocked
// subscription's live connections (the "subscription" notification).
import { z } from "zod";
import type { SubscriptionStatus } from "../generated/prisma/enums";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, hasRole, type Actor } from "./roles";
import { describeStatus } from "./subscription-state";
import { auditedSubscription, latestApproval } from "./subscriptions";

async function apiOf(apiId: string) {
  const api = await db.api.findUnique({ where: { id: apiId }, select: { id: true, name: true, version: true, providerId: true } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return api;
}

/** The API's creator, an admin, or a publisher may see its subscribers. */
function maySeeSubscribers(actor: Actor, api: { providerId: string }): boolean {
  return actor.id === api.providerId || hasRole(actor, "PUBLISHER");
}

/** Only the API's creator, or an admin, may block and unblock its subscriptions. */
function mayBlock(actor: Actor, api: { providerId: string }): boolean {
  return actor.id === api.providerId || actor.roles.includes("ADMIN");
}

/** The API's subscriptions: application, owner, plan, state, and any approval waiting. */
export async function listApiSubscriptions(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const api = await apiOf(apiId);
  if (!maySeeSubscribers(actor, api)) throw new DuplexError("FORBIDDEN", `The subscriptions of ${api.name} are shown to its creator, publishers and admins.`);
  const subscriptions = await db.subscription.findMany({
    where: { apiId },
    orderBy: { createdAt: "asc" },
    include: {
      application: { select: { id: true, name: true, owner: { select: { id: true, username: true } } } },
      plan: { select: { id: true, name: true, displayName: true } },
      workflowTasks: latestApproval,
    },
  });
  return { api, subscriptions, canBlock: mayBlock(actor, api) };
}

export const ZBlockSubscription = z.object({
  subscriptionId: z.string().min(1),
  /** "production": sandbox keys keep working, as WSO2's "Block production only". */
  scope: z.enum(["all", "production"]),
});

const blockable: SubscriptionStatus[] = ["ACTIVE", "BLOCKED", "PROD_ONLY_BLOCKED"];

async function lockedSubscription(tx: Tx, actor: Actor, subscriptionId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Subscription" WHERE id = ${subscriptionId} FOR UPDATE`;
  if (!locked) throw new DuplexError("NOT_FOUND", "No such subscription.");
  const subscription = await tx.subscription.findUniqueOrThrow({ where: { id: subscriptionId }, include: { application: true, plan: true, api: true } });
  if (!mayBlock(actor, subscription.api)) {
    throw new DuplexError("FORBIDDEN", `Only the creator of ${subscription.api.name} or an admin can block or unblock its subscriptions.`);
  }
  return subscription;
}

async function setStatus(actor: Actor, subscriptionId: string, action: "block" | "unblock", next: (status: SubscriptionStatus) => SubscriptionStatus) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  return db.$transaction(async (tx) => {
    const subscription = await lockedSubscription(tx, actor, subscriptionId);
    if (!blockable.includes(subscription.status)) {
      const state = subscription.status === "ON_HOLD" ? "waits for approval" : "was rejected";
      throw new DuplexError("CONFLICT", `The subscription of ${subscription.application.name} ${state}: there is nothing to ${action}.`);
    }
    const status = next(subscription.status);
    if (status === subscription.status) {
      throw new DuplexError("CONFLICT", `The subscription of ${subscription.application.name} is ${describeStatus(status)} already.`);
    }
    const updated = await tx.subscription.update({ where: { id: subscription.id }, data: { status } });
    await recordAudit(tx, actor, {
      entity: "subscription",
      entityId: subscription.id,
      action,
      before: auditedSubscription(subscription),
      after: auditedSubscription({ ...subscription, status: updated.status }),
    });
    await notifyConfigChanged(tx, "subscription");
    return updated;
  });
}

/** Blocks a subscription for all keys, or for production keys only. */
export async function blockSubscription(actor: Actor, raw: z.input<typeof ZBlockSubscription>) {
  const input = ZBlockSubscription.parse(raw);
  return setStatus(actor, input.subscriptionId, "block", () => (input.scope === "all" ? "BLOCKED" : "PROD_ONLY_BLOCKED"));
}

export async function unblockSubscription(actor: Actor, subscriptionId: string) {
  return setStatus(actor, subscriptionId, "unblock", () => "ACTIVE");
}
