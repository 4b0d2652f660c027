"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { changeLifecycle, transitions, type LifecycleAction } from "@/lib/lifecycle";

const actionNames = [...new Set(Object.values(transitions).flatMap((t) => Object.keys(t)))] as [LifecycleAction, ...LifecycleAction[]];

export const changeLifecycleAction = defineAction(
  ["PUBLISHER"],
  z.object({ apiId: z.string().min(1), action: z.enum(actionNames) }),
  async ({ actor, input }) => {
    const status = await changeLifecycle(actor, input.apiId, input.action);
    revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
    return status;
  },
);
