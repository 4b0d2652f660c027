"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createApplication, deleteApplication, updateApplication, ZApplication } from "@/lib/applications";
import { changeSubscriptionPlan, unsubscribe } from "@/lib/subscriptions";

export const createApplicationAction = defineAction("signed-in", ZApplication, async ({ actor, input }) => {
  const app = await createApplication(actor, input);
  redirect(`/devportal/applications/${app.id}`);
});

export const updateApplicationAction = defineAction("signed-in", ZApplication.extend({ id: z.string().min(1) }), async ({ actor, input }) => {
  await updateApplication(actor, input.id, input);
  revalidatePath(`/devportal/applications/${input.id}`, "layout");
});

export const deleteApplicationAction = defineAction("signed-in", z.object({ id: z.string().min(1) }), async ({ actor, input }) => {
  await deleteApplication(actor, input.id);
  redirect("/devportal/applications");
});

export const unsubscribeAction = defineAction("signed-in", z.object({ subscriptionId: z.string().min(1) }), async ({ actor, input }) => {
  await unsubscribe(actor, input.subscriptionId);
  revalidatePath("/devportal", "layout");
});

export const changePlanAction = defineAction(
  "signed-in",
  z.object({ subscriptionId: z.string().min(1), planName: z.string().min(1) }),
  async ({ actor, input }) => {
    const result = await changeSubscriptionPlan(actor, input.subscriptionId, input.planName);
    revalidatePath("/devportal", "layout");
    return result;
  },
);
