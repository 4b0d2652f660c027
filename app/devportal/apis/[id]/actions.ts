"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/action";
import { z } from "zod";
import { DuplexError } from "@/lib/errors";
import { getPortalApi } from "@/lib/apis";
import { config } from "@/lib/config";
import { gatewayUrls } from "@/lib/gateway-urls";
import { probeHandshake } from "@/lib/handshake-probe";
import { generateAccessToken, ZKeyType } from "@/lib/keys";
import { subscribe, subscriptionsToApi, ZSubscribe } from "@/lib/subscriptions";

export const subscribeAction = defineAction("signed-in", ZSubscribe, async ({ actor, input }) => {
  const subscription = await subscribe(actor, input);
  revalidatePath(`/devportal/apis/${input.apiId}`);
  return { waitsForApproval: subscription.status === "ON_HOLD" };
});

/** A token for the Try it console: the actor's own application, subscribed to this API. */
export const tryItTokenAction = defineAction(
  "signed-in",
  z.object({ apiId: z.string().min(1), applicationId: z.string().min(1), keyType: ZKeyType }),
  async ({ actor, input }) => {
    const subscribed = (await subscriptionsToApi(actor, input.apiId)).some((s) => s.applicationId === input.applicationId);
    if (!subscribed) throw new DuplexError("FORBIDDEN", "Subscribe this application to the API first.", "applicationId");
    const token = await generateAccessToken(actor, input.applicationId, input.keyType);
    return { accessToken: token.accessToken, expiresIn: token.expiresIn };
  },
);

/**
 * Why the console's connection was refused: the portal repeats the handshake the browser made
 * (the API's gateway URL and the topic path, the same token or API key, the portal's origin) and returns
 * the gateway's answer. Only to the API's own gateway URL, for a signed-in user.
 */
export const explainRefusalAction = defineAction(
  "signed-in",
  z.object({
    apiId: z.string().min(1),
    topicPath: z.string().max(2000).regex(/^(\/[^?#\s]*)?$/, "A topic path starts with /."),
    credential: z.object({ kind: z.enum(["token", "apiKey"]), value: z.string().min(1, "No token or key was sent.").max(8192) }),
  }),
  async ({ input }) => {
    const api = await getPortalApi(input.apiId);
    const environment = api.environments[0];
    if (!environment) throw new DuplexError("NOT_FOUND", "The API is not deployed to a gateway the portal shows.");
    const url = `${gatewayUrls(api, environment).ws}${input.topicPath}`;
    return probeHandshake(url, { credential: input.credential, origin: new URL(config().PORTAL_URL).origin });
  },
);
