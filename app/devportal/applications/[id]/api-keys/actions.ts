"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createApiKey, revokeApiKey, ZCreateApiKey } from "@/lib/api-keys";

/** The key itself is in this answer only: the page shows it once. */
export const createApiKeyAction = defineAction("signed-in", ZCreateApiKey, async ({ actor, input }) => {
  const { key, apiKey } = await createApiKey(actor, input);
  revalidatePath(`/devportal/applications/${input.applicationId}/api-keys`);
  return { key, name: apiKey.name };
});

export const revokeApiKeyAction = defineAction("signed-in", z.object({ applicationId: z.string().min(1), apiKeyId: z.string().min(1) }), async ({ actor, input }) => {
  await revokeApiKey(actor, input.apiKeyId);
  revalidatePath(`/devportal/applications/${input.applicationId}/api-keys`);
});
