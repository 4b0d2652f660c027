"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createDenyPolicy, deleteDenyPolicy, updateDenyPolicy, ZCreateDenyPolicy } from "@/lib/deny-policies";

export const createDenyPolicyAction = defineAction(["ADMIN"], ZCreateDenyPolicy, async ({ actor, input }) => {
  await createDenyPolicy(actor, input);
  revalidatePath("/admin/deny-policies");
});

export const setDenyPolicyEnabledAction = defineAction(["ADMIN"], z.object({ policyId: z.string().min(1), enabled: z.boolean() }), async ({ actor, input }) => {
  await updateDenyPolicy(actor, input.policyId, { enabled: input.enabled });
  revalidatePath("/admin/deny-policies");
});

export const deleteDenyPolicyAction = defineAction(["ADMIN"], z.object({ policyId: z.string().min(1) }), async ({ actor, input }) => {
  await deleteDenyPolicy(actor, input.policyId);
  revalidatePath("/admin/deny-policies");
});
