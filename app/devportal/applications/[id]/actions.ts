"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { deleteKeys, generateAccessToken, generateKeys, regenerateSecret, ZGenerateKeys, ZKeyType, ZValiditySeconds } from "@/lib/keys";
import { revokeOwnToken } from "@/lib/revocation";

export const generateKeysAction = defineAction("signed-in", ZGenerateKeys, async ({ actor, input }) => {
  const keys = await generateKeys(actor, input);
  revalidatePath(`/devportal/applications/${input.applicationId}`, "layout");
  return { consumerKey: keys.consumerKey, consumerSecret: keys.consumerSecret, accessToken: keys.token.accessToken, expiresIn: keys.token.expiresIn };
});

export const generateAccessTokenAction = defineAction(
  "signed-in",
  z.object({ applicationId: z.string().min(1), keyType: ZKeyType, validitySeconds: ZValiditySeconds }),
  async ({ actor, input }) => {
    const token = await generateAccessToken(actor, input.applicationId, input.keyType, input.validitySeconds);
    return { accessToken: token.accessToken, expiresIn: token.expiresIn };
  },
);

export const regenerateSecretAction = defineAction(
  "signed-in",
  z.object({ applicationId: z.string().min(1), keyType: ZKeyType }),
  async ({ actor, input }) => ({ consumerSecret: await regenerateSecret(actor, input.applicationId, input.keyType) }),
);

export const revokeTokenAction = defineAction("signed-in", z.object({ token: z.string().trim().min(1, "Paste the access token to revoke.") }), async ({ actor, input }) => {
  await revokeOwnToken(actor, input.token);
});

export const deleteKeysAction = defineAction("signed-in", z.object({ applicationId: z.string().min(1), keyType: ZKeyType }), async ({ actor, input }) => {
  await deleteKeys(actor, input.applicationId, input.keyType);
  revalidatePath(`/devportal/applications/${input.applicationId}`, "layout");
});
