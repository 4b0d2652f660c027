"use server";
import { redirect } from "next/navigation";
import { defineAction } from "@/app/_server/action";
import { createApi, ZCreateApi } from "@/lib/apis";

export const createApiAction = defineAction(["CREATOR"], ZCreateApi, async ({ actor, input }) => {
  const api = await createApi(actor, input);
  redirect(`/publisher/apis/${api.id}`);
});
