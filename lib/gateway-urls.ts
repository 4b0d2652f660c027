// Where clients reach an API on the gateway.
import type { EnvironmentUrls } from "./environments";

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

/** The API's ws URL in an environment, and its wss URL when the environment has a TLS listener (lib/environments.ts). */
export function gatewayUrls(api: { context: string; version: string }, environment: EnvironmentUrls): { ws: string; wss: string | null } {
  const path = gatewayPath(api);
  return { ws: `${environment.ws}${path}`, wss: environment.wss ? `${environment.wss}${path}` : null };
}
