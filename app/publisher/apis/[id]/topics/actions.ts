"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { saveTopics } from "@/lib/topics";

// The list is checked by lib/topics.ts, which names the topic at fault.
export const saveTopicsAction = defineAction(
  ["CREATOR"],
  z.object({ apiId: z.string().min(1), topics: z.array(z.unknown()) }),
  async ({ actor, input }) => {
    await saveTopics(actor, input.apiId, input.topics as Parameters<typeof saveTopics>[2]);
    revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
  },
);
