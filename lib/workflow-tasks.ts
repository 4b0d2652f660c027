// Admin → Tasks (WSO2's workflow tasks): subscriptions, and plan changes, to plans that require
// approval wait here for an admin. Approving makes the subscription ACTIVE (or moves it to the
// plan asked for); rejecting makes a new one REJECTED (a plan change leaves the plan as it was).
// The developer reads the outcome and the reason on the subscription (lib/subscriptions.ts latestApproval).
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import type { WorkflowTaskStatus, WorkflowTaskType } from "../generated/prisma/enums";
import { recordAudit } from "./audit";
import { db } from "./db";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";
import { auditedSubscription } from "./subscriptions";

export const ZTaskQuery = z.object({
  status: z.enum(["PENDING", "APPROVED", "REJECTED"]).default("PENDING"),
  type: z.enum(["SUBSCRIPTION_CREATION", "SUBSCRIPTION_UPDATE"]).optional(),
  page: z.coerce.number().int().min(0).default(0),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type TaskQuery = z.input<typeof ZTaskQuery>;

const taskView = {
  plan: { select: { id: true, name: true, displayName: true } },
  subscription: {
    select: {
      id: true,
      status: true,
      plan: { select: { id: true, name: true, displayName: true } },
      api: { select: { id: true, name: true, version: true } },
      application: { select: { id: true, name: true, owner: { select: { id: true, username: true } } } },
    },
  },
} as const satisfies Prisma.WorkflowTaskInclude;
export type WorkflowTaskView = Prisma.WorkflowTaskGetPayload<{ include: typeof taskView }>;

/** The tasks list: pending first-come first-served; decided ones newest first. */
export async function listWorkflowTasks(actor: Actor, raw: TaskQuery = {}): Promise<{ rows: WorkflowTaskView[]; total: number }> {
  assertRole(actor, "ADMIN");
  const q = ZTaskQuery.parse(raw);
  const where: Prisma.WorkflowTaskWhereInput = { status: q.status, ...(q.type ? { type: q.type } : {}) };
  const [rows, total] = await db.$transaction([
    db.workflowTask.findMany({
      where,
      include: taskView,
      orderBy: q.status === "PENDING" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ decidedAt: "desc" }, { id: "asc" }],
      skip: q.page * q.pageSize,
      take: q.pageSize,
    }),
    db.workflowTask.count({ where }),
  ]);
  return { rows, total };
}

/** How many requests wait, by type: for the admin's navigation badge. */
export async function countPendingTasks(actor: Actor): Promise<Record<WorkflowTaskType, number>> {
  assertRole(actor, "ADMIN");
  const groups = await db.workflowTask.groupBy({ by: ["type"], where: { status: "PENDING" }, _count: true });
  const counts: Record<WorkflowTaskType, number> = { SUBSCRIPTION_CREATION: 0, SUBSCRIPTION_UPDATE: 0 };
  for (const g of groups) counts[g.type] = g._count;
  return counts;
}

export const ZDecideTask = z
  .object({
    taskId: z.string().min(1),
    decision: z.enum(["APPROVE", "REJECT"]),
    reason: z.string().trim().max(500, "At most 500 characters.").default(""),
  })
  .refine((d) => d.decision === "APPROVE" || d.reason.length > 0, { path: ["reason"], message: "Say why, for the developer: a rejection needs a reason." });
export type DecideTaskInput = z.input<typeof ZDecideTask>;

const auditAction: Record<WorkflowTaskType, Record<"APPROVE" | "REJECT", string>> = {
  SUBSCRIPTION_CREATION: { APPROVE: "approve-subscription", REJECT: "reject-subscription" },
  SUBSCRIPTION_UPDATE: { APPROVE: "approve-plan-change", REJECT: "reject-plan-change" },
};

/** Approves or rejects a pending request; the gateways learn of it within a second. */
export async function decideTask(actor: Actor, raw: DecideTaskInput): Promise<WorkflowTaskView> {
  assertRole(actor, "ADMIN");
  const input = ZDecideTask.parse(raw);
  return db.$transaction(async (tx) => {
    const found = await tx.workflowTask.findUnique({ where: { id: input.taskId }, select: { subscriptionId: true } });
    if (!found) throw new DuplexError("NOT_FOUND", "No such task.");
    // The subscription's lock, as its own changes take it: a decision and an unsubscribe take turns.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Subscription" WHERE id = ${found.subscriptionId} FOR UPDATE`;
    if (!locked) throw new DuplexError("NOT_FOUND", "The subscription is gone: its application unsubscribed.");
    const task = await tx.workflowTask.findUniqueOrThrow({ where: { id: input.taskId }, include: { plan: true } });
    if (task.status !== "PENDING") {
      throw new DuplexError("CONFLICT", `${task.decidedByUsername ?? "Another admin"} has ${task.status === "APPROVED" ? "approved" : "rejected"} this request already.`);
    }
    const subscription = await tx.subscription.findUniqueOrThrow({
      where: { id: task.subscriptionId },
      include: { application: true, plan: true, api: { include: { plans: { select: { planId: true } } } } },
    });
    const approve = input.decision === "APPROVE";
    if (approve && task.type === "SUBSCRIPTION_UPDATE" && !subscription.api.plans.some((p) => p.planId === task.planId)) {
      throw new DuplexError("CONFLICT", `${subscription.api.name} no longer offers the ${task.plan.name} plan: reject the request.`);
    }
    const status: WorkflowTaskStatus = approve ? "APPROVED" : "REJECTED";
    const update: Prisma.SubscriptionUncheckedUpdateInput =
      task.type === "SUBSCRIPTION_CREATION" ? { status: approve ? "ACTIVE" : "REJECTED" } : approve ? { planId: task.planId } : {};
    const after = Object.keys(update).length ? await tx.subscription.update({ where: { id: subscription.id }, data: update, include: { plan: true } }) : subscription;
    await tx.workflowTask.update({
      where: { id: task.id },
      data: { status, reason: input.reason, decidedById: actor.id, decidedByUsername: actor.username, decidedAt: new Date() },
    });
    await recordAudit(tx, actor, {
      entity: "subscription",
      entityId: subscription.id,
      action: auditAction[task.type][input.decision],
      before: { ...auditedSubscription(subscription), requestedPlan: task.plan.name },
      after: { ...auditedSubscription({ ...subscription, plan: after.plan, status: after.status }), reason: input.reason, task: task.id },
    });
    if (Object.keys(update).length) await notifyConfigChanged(tx, "subscription");
    return tx.workflowTask.findUniqueOrThrow({ where: { id: task.id }, include: taskView });
  });
}
