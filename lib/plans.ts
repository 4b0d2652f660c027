// Business plans (subscription tiers) and how to say their limits in words.
import { db } from "./db";
import type { TimeUnit } from "../generated/prisma/enums";

export function listPlans() {
  return db.businessPlan.findMany({ orderBy: [{ eventCount: { sort: "desc", nulls: "first" } }] });
}

export function describePlanLimit(plan: { eventCount: number | null; timeUnit: TimeUnit }): string {
  if (plan.eventCount === null) return "Unlimited events";
  return `${plan.eventCount.toLocaleString("en-US")} events per ${plan.timeUnit.toLowerCase()}`;
}
