"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createPlan, deletePlan, updatePlan, ZCreatePlan, ZUpdatePlan } from "@/lib/plans";

// The lib's schemas, nested under `plan`, so that the form reads each message as "plan.<field>".
export const createPlanAction = defineAction(["ADMIN"], z.object({ plan: ZCreatePlan }), async ({ actor, input }) => {
  const plan = await createPlan(actor, input.plan);
  revalidatePath("/admin", "layout");
  return { name: plan.name };
});

export const updatePlanAction = defineAction(["ADMIN"], z.object({ planId: z.string().min(1), plan: ZUpdatePlan }), async ({ actor, input }) => {
  const plan = await updatePlan(actor, input.planId, input.plan);
  revalidatePath("/admin", "layout");
  return { name: plan.name };
});

export const deletePlanAction = defineAction(["ADMIN"], z.object({ planId: z.string().min(1) }), async ({ actor, input }) => {
  await deletePlan(actor, input.planId);
  revalidatePath("/admin", "layout");
});
