// Where a connection goes: the API's endpoint for the token's key type, then the topic's URL
// mapping (or the rest of the request path), then the client's query without its access token or API key.
import type { KeyType } from "../../generated/prisma/enums";
import type { BackendEndpoint } from "../config/snapshot";
import { accessTokenParam, apiKeyParam } from "../handshake/authenticate";
import type { RouteMatch } from "../handshake/resolve-route";
import { mappedPath } from "../config/topics";
import { refusal, type Refusal } from "../handshake/refuse";
import { stage } from "../handshake/stage";
import type { Identity } from "../handshake/authenticate";

export interface BackendTarget {
  url: string;
  connectTimeoutMs: number;
  endpoint: BackendEndpoint;
}

const isCredential = (pair: string) =>
  pair === accessTokenParam || pair.startsWith(`${accessTokenParam}=`) || pair === apiKeyParam || pair.startsWith(`${apiKeyParam}=`);

/** The raw query without `access_token` and `apikey`, other parameters kept byte for byte. */
export function withoutAccessToken(query: string): string {
  if (!query.includes(accessTokenParam) && !query.includes(apiKeyParam)) return query;
  return query
    .split("&")
    .filter((pair) => !isCredential(pair))
    .join("&");
}

export function backendUrl(endpoint: BackendEndpoint, route: Pick<RouteMatch, "topic" | "params" | "rest">, clientQuery: string): string {
  const path = route.topic.urlMapping === null ? route.rest : mappedPath(route.topic.urlMapping, route.params);
  const forwarded = withoutAccessToken(clientQuery);
  const query = endpoint.query && forwarded ? `${endpoint.query}&${forwarded}` : endpoint.query || forwarded;
  return `${endpoint.base}${path}${query ? `?${query}` : ""}`;
}

/**
 * A token whose key type has no endpoint (a sandbox token for an API with only a production
 * endpoint) is refused with 502: the caller is allowed in, but the gateway has nowhere to
 * send it, which is the API's configuration, not the caller's fault.
 */
export function backendTarget(route: RouteMatch, keyType: KeyType, clientQuery: string): BackendTarget | Refusal {
  const endpoint = route.api.endpoints[keyType];
  if (!endpoint) return refusal(502, "no_endpoint", `${route.api.name} ${route.api.version} has no ${keyType.toLowerCase()} endpoint.`);
  return { url: backendUrl(endpoint, route, clientQuery), connectTimeoutMs: endpoint.connectTimeoutMs, endpoint };
}

export const backendTargetStage = stage(
  "target",
  (h: { route: RouteMatch; identity: Identity; upgrade: { query: string } }) => backendTarget(h.route, h.identity.keyType, h.upgrade.query),
  { readsSnapshot: true },
);
