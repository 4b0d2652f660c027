"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { setApiPlans } from "@/lib/api-plans";

export const setApiPlansAction = defineAction(
  ["CREATOR"],
  z.object({ apiId: z.string().min(1), plans: z.array(z.string().min(1)) }),
  async ({ actor, input }) => {
    await setApiPlans(actor, input.apiId, input.plans);
    revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
  },
);
