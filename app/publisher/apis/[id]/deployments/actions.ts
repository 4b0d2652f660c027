"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { deployApi, deployRevision, undeployApi, ZDeployApi, ZDeployRevision, ZUndeploy } from "@/lib/deployments";
import { deleteRevision, restoreRevision } from "@/lib/revisions";

const ZRevisionRef = z.object({ apiId: z.string().min(1), revisionId: z.string().min(1) });

// The header's "Undeployed changes" and the Overview change with every one of these.
const refresh = (apiId: string) => revalidatePath(`/publisher/apis/${apiId}`, "layout");

export const deployApiAction = defineAction(["PUBLISHER"], ZDeployApi, async ({ actor, input }) => {
  const revision = await deployApi(actor, input);
  refresh(input.apiId);
  return { number: revision.number };
});

export const deployRevisionAction = defineAction(["PUBLISHER"], ZDeployRevision, async ({ actor, input }) => {
  const revision = await deployRevision(actor, input);
  refresh(input.apiId);
  return { number: revision.number };
});

export const undeployAction = defineAction(["PUBLISHER"], ZUndeploy, async ({ actor, input }) => {
  await undeployApi(actor, input);
  refresh(input.apiId);
});

export const deleteRevisionAction = defineAction(["PUBLISHER"], ZRevisionRef, async ({ actor, input }) => {
  await deleteRevision(actor, input);
  refresh(input.apiId);
});

export const restoreRevisionAction = defineAction(["CREATOR"], ZRevisionRef, async ({ actor, input }) => {
  await restoreRevision(actor, input);
  refresh(input.apiId);
});
