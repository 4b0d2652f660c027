"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { deleteApi } from "@/lib/apis";

export const deleteApiAction = defineAction(["CREATOR"], z.object({ apiId: z.string().min(1) }), async ({ actor, input }) => {
  await deleteApi(actor, input.apiId);
  revalidatePath("/publisher/apis");
  redirect("/publisher/apis");
});
