"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { generateAccessToken, generateKeys, ZGenerateKeys, ZKeyType } from "@/lib/keys";

export const generateKeysAction = defineAction("signed-in", ZGenerateKeys, async ({ actor, input }) => {
  const keys = await generateKeys(actor, input);
  revalidatePath(`/devportal/applications/${input.applicationId}`, "layout");
  return { consumerKey: keys.consumerKey, consumerSecret: keys.consumerSecret, accessToken: keys.token.accessToken, expiresIn: keys.token.expiresIn };
});

export const generateAccessTokenAction = defineAction(
  "signed-in",
  z.object({ applicationId: z.string().min(1), keyType: ZKeyType }),
  async ({ actor, input }) => {
    const token = await generateAccessToken(actor, input.applicationId, input.keyType);
    return { accessToken: token.accessToken, expiresIn: token.expiresIn };
  },
);
