"use server";
import { redirect } from "next/navigation";
import { defineAction } from "@/app/_server/action";
import { importDefinition, ZImportDefinition } from "@/lib/asyncapi";

export const importDefinitionAction = defineAction(["CREATOR"], ZImportDefinition, async ({ actor, input }) => {
  const { errors, api } = await importDefinition(actor, input);
  if (api) redirect(`/publisher/apis/${api.id}`);
  return { errors };
});
