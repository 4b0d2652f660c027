// Where clients reach an API on the gateway.
import { config } from "./config";

/**
 * The path of an API on the gateway: `/{context}/{version}`, or the context with its
 * `{version}` placeholder filled in when it has one (`/{version}/echo` → `/1.0/echo`).
 */
export function gatewayPath(api: { context: string; version: string }): string {
  return api.context.includes("{version}") ? api.context.replace("{version}", api.version) : `${api.context}/${api.version}`;
}

/** The ws URL, and the wss URL when a TLS listener is configured (GATEWAY_WSS_URL). */
export function gatewayUrls(api: { context: string; version: string }): { ws: string; wss: string | null } {
  const path = gatewayPath(api);
  const wss = config().GATEWAY_WSS_URL;
  return { ws: `${config().GATEWAY_URL}${path}`, wss: wss ? `${wss}${path}` : null };
}
