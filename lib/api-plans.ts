// Which business plans an API offers: the Business Plans page.
import { db } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";
import type { ApiStatus } from "../generated/prisma/enums";

/** States in which developers can see the API's plans: it must keep offering one. */
const offeringStates: ApiStatus[] = ["PUBLISHED", "PROTOTYPED", "BLOCKED", "DEPRECATED"];

export async function setApiPlans(actor: Actor, apiId: string, planNames: string[]) {
  assertRole(actor, "CREATOR");
  const names = [...new Set(planNames)];
  return db.$transaction(async (tx) => {
    const [api] = await tx.$queryRaw<{ id: string; status: ApiStatus }[]>`SELECT id, status FROM "Api" WHERE id = ${apiId} FOR UPDATE`;
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    if (names.length === 0 && offeringStates.includes(api.status)) {
      throw new DuplexError("INVALID", `A ${api.status.toLowerCase()} API must offer at least one business plan: keep one, or demote the API to Created first.`, "plans");
    }
    const plans = await tx.businessPlan.findMany({ where: { name: { in: names } } });
    const unknown = names.filter((n) => !plans.some((p) => p.name === n));
    if (unknown.length) throw new DuplexError("INVALID", `Unknown business plan: ${unknown.join(", ")}.`, "plans");

    const current = await tx.apiPlan.findMany({ where: { apiId }, include: { plan: true } });
    const removed = current.filter((c) => !names.includes(c.plan.name));
    if (removed.length) {
      const inUse = await tx.subscription.groupBy({
        by: ["planId"],
        where: { apiId, planId: { in: removed.map((r) => r.planId) }, status: { not: "REJECTED" } },
        _count: true,
      });
      if (inUse.length) {
        const plan = removed.find((r) => r.planId === inUse[0].planId)!.plan.name;
        const n = inUse[0]._count;
        throw new DuplexError("CONFLICT", `${plan} cannot be removed: ${n} subscription${n === 1 ? " uses" : "s use"} it.`, "plans");
      }
      await tx.apiPlan.deleteMany({ where: { apiId, planId: { in: removed.map((r) => r.planId) } } });
    }
    const added = plans.filter((p) => !current.some((c) => c.planId === p.id));
    if (added.length) await tx.apiPlan.createMany({ data: added.map((p) => ({ apiId, planId: p.id })) });
    await tx.api.update({ where: { id: apiId }, data: { updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: apiId,
      action: "set-plans",
      before: { plans: current.map((c) => c.plan.name).sort() },
      after: { plans: [...names].sort() },
    });
    await notifyConfigChanged(tx, "api");
    return names;
  });
}
