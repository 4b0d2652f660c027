"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { updateApiRuntime, ZApiRuntime } from "@/lib/api-runtime";

export const updateApiRuntimeAction = defineAction(["CREATOR"], ZApiRuntime.extend({ apiId: z.string().min(1) }), async ({ actor, input }) => {
  const { apiId, ...settings } = input;
  await updateApiRuntime(actor, apiId, settings);
  revalidatePath(`/publisher/apis/${apiId}/runtime`);
});
