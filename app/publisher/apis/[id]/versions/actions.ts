"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createNewVersion, setDefaultVersion, ZNewVersion } from "@/lib/versions";

export const createNewVersionAction = defineAction(["CREATOR"], ZNewVersion, async ({ actor, input }) => {
  const api = await createNewVersion(actor, input);
  redirect(`/publisher/apis/${api.id}`);
});

export const setDefaultVersionAction = defineAction(["CREATOR"], z.object({ apiId: z.string().min(1) }), async ({ actor, input }) => {
  await setDefaultVersion(actor, input.apiId);
  revalidatePath("/publisher/apis", "layout");
});
