"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/action";
import { decideTask, ZDecideTask } from "@/lib/workflow-tasks";

export const decideTaskAction = defineAction(["ADMIN"], ZDecideTask, async ({ actor, input }) => {
  const task = await decideTask(actor, input);
  revalidatePath("/admin", "layout");
  return { status: task.status };
});
