"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { saveDefinition } from "@/lib/asyncapi";

export const saveDefinitionAction = defineAction(
  ["CREATOR"],
  z.object({ apiId: z.string().min(1), text: z.string().max(1_000_000, "The definition can be at most 1 MB.") }),
  async ({ actor, input }) => {
    const result = await saveDefinition(actor, input.apiId, input.text);
    if (result.errors.length === 0) revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
    return result;
  },
);
