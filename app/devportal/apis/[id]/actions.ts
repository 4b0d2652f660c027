"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/action";
import { z } from "zod";
import { DuplexError } from "@/lib/errors";
import { generateAccessToken, ZKeyType } from "@/lib/keys";
import { subscribe, subscriptionsToApi, ZSubscribe } from "@/lib/subscriptions";

export const subscribeAction = defineAction("signed-in", ZSubscribe, async ({ actor, input }) => {
  const subscription = await subscribe(actor, input);
  revalidatePath(`/devportal/apis/${input.apiId}`);
  return { waitsForApproval: subscription.status === "ON_HOLD" };
});

/** A token for the Try it console: the actor's own application, subscribed to this API. */
export const tryItTokenAction = defineAction(
  "signed-in",
  z.object({ apiId: z.string().min(1), applicationId: z.string().min(1), keyType: ZKeyType }),
  async ({ actor, input }) => {
    const subscribed = (await subscriptionsToApi(actor, input.apiId)).some((s) => s.applicationId === input.applicationId);
    if (!subscribed) throw new DuplexError("FORBIDDEN", "Subscribe this application to the API first.", "applicationId");
    const token = await generateAccessToken(actor, input.applicationId, input.keyType);
    return { accessToken: token.accessToken, expiresIn: token.expiresIn };
  },
);
