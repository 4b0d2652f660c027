// Gateway environments. A gateway process serves one (GATEWAY_ENVIRONMENT): the APIs deployed
// to it, each as its deployed revision. Production is where the tutorial's clients connect.
import type { GatewayEnvironment } from "../generated/prisma/enums";
import { config } from "./config";

export type Environment = GatewayEnvironment;

/** In the order the Publisher shows them: try a revision on Development, then promote it. */
export const environments = ["Development", "Production"] as const satisfies readonly Environment[];

/** Where Publish and CREATE & PUBLISH deploy an API that has never been deployed (WSO2's default environment). */
export const defaultEnvironment: Environment = "Production";

/** Where clients reach the environment's gateways: ws, and wss when a TLS listener is configured. */
export function environmentBaseUrls(environment: Environment): { ws: string; wss: string | null } {
  const c = config();
  return environment === "Production"
    ? { ws: c.GATEWAY_URL, wss: c.GATEWAY_WSS_URL ?? null }
    : { ws: c.GATEWAY_DEV_URL, wss: c.GATEWAY_DEV_WSS_URL ?? null };
}

export function environmentDescription(environment: Environment): string {
  return environment === "Production" ? "Where subscribers' applications connect." : "For trying a revision before it reaches Production.";
}
