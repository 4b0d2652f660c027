// Where clients reach an API on the gateway.
import { environmentBaseUrls, type Environment } from "./environments";

/**
 * The path of an API on the gateway: `/{context}/{version}`, or the context with its
 * `{version}` placeholder filled in when it has one (`/{version}/echo` → `/1.0/echo`).
 */
export function gatewayPath(api: { context: string; version: string }): string {
  return api.context.includes("{version}") ? api.context.replace("{version}", api.version) : `${api.context}/${api.version}`;
}

/** Where the gateway also serves an API's default version: its context without `{version}` (`/{version}/echo` → `/echo`). */
export function defaultVersionPath(context: string): string {
  return context.replace("/{version}", "") || "/";
}

/** The ws URL, and the wss URL when a TLS listener is configured (GATEWAY_WSS_URL), in an environment (Production unless told). */
export function gatewayUrls(api: { context: string; version: string }, environment: Environment = "Production"): { ws: string; wss: string | null } {
  const path = gatewayPath(api);
  const base = environmentBaseUrls(environment);
  return { ws: `${base.ws}${path}`, wss: base.wss ? `${base.wss}${path}` : null };
}
