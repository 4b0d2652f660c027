"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { updateApiInfo, ZApiInfo } from "@/lib/api-info";

export const updateApiInfoAction = defineAction(["CREATOR"], ZApiInfo.extend({ apiId: z.string().min(1) }), async ({ actor, input }) => {
  await updateApiInfo(actor, input.apiId, input);
  revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
});
