"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createEnvironment, deleteEnvironment, updateEnvironment, ZCreateEnvironment, ZUpdateEnvironment } from "@/lib/environments";

export const createEnvironmentAction = defineAction(["ADMIN"], ZCreateEnvironment, async ({ actor, input }) => {
  const environment = await createEnvironment(actor, input);
  revalidatePath("/admin/environments");
  return { name: environment.name };
});

export const updateEnvironmentAction = defineAction(["ADMIN"], z.object({ name: z.string().min(1), environment: ZUpdateEnvironment }), async ({ actor, input }) => {
  await updateEnvironment(actor, input.name, input.environment);
  revalidatePath("/admin/environments");
  return { name: input.name };
});

export const deleteEnvironmentAction = defineAction(["ADMIN"], z.object({ name: z.string().min(1) }), async ({ actor, input }) => {
  await deleteEnvironment(actor, input.name);
  revalidatePath("/admin/environments");
});
