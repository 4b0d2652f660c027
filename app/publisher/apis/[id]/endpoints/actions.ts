"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/action";
import { saveEndpoints, testEndpoint, ZSaveEndpoints, ZTestEndpoint } from "@/lib/endpoints";

export const saveEndpointsAction = defineAction(["CREATOR"], ZSaveEndpoints, async ({ actor, input }) => {
  await saveEndpoints(actor, input);
  revalidatePath(`/publisher/apis/${input.apiId}`, "layout");
});

export const testEndpointAction = defineAction(["CREATOR", "PUBLISHER"], ZTestEndpoint, ({ actor, input }) => testEndpoint(actor, input));
