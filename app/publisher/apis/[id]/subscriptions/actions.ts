"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { blockSubscription, unblockSubscription, ZBlockSubscription } from "@/lib/api-subscribers";

// lib/api-subscribers.ts checks that the actor created the API (or is an admin).
export const blockSubscriptionAction = defineAction(["CREATOR", "PUBLISHER"], ZBlockSubscription.extend({ apiId: z.string().min(1) }), async ({ actor, input }) => {
  await blockSubscription(actor, input);
  revalidatePath(`/publisher/apis/${input.apiId}/subscriptions`);
});

export const unblockSubscriptionAction = defineAction(
  ["CREATOR", "PUBLISHER"],
  z.object({ apiId: z.string().min(1), subscriptionId: z.string().min(1) }),
  async ({ actor, input }) => {
    await unblockSubscription(actor, input.subscriptionId);
    revalidatePath(`/publisher/apis/${input.apiId}/subscriptions`);
  },
);
