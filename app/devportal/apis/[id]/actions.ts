"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/action";
import { subscribe, ZSubscribe } from "@/lib/subscriptions";

export const subscribeAction = defineAction("signed-in", ZSubscribe, async ({ actor, input }) => {
  await subscribe(actor, input);
  revalidatePath(`/devportal/apis/${input.apiId}`);
});
