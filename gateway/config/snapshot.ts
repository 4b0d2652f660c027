// What the gateway knows at a handshake, loaded whole from the database and then only read:
// a new snapshot replaces the old one, so a handshake never sees half a reload.
import type { JSONWebKeySet } from "jose";
import type { ApiStatus, DataUnit, KeyType, SubscriptionStatus, ThrottleAction, TimeUnit } from "../../generated/prisma/enums";
import { db } from "../../lib/db";
import { compileDenyPolicies, type DenyPolicyMatcher, type DenyPolicyRule } from "../../lib/deny-policy-matcher";
import { endpointConfig, type EndpointConfig } from "../../lib/endpoint-config";
import { servesApi, type Environment } from "../../lib/environments";
import { apiRuntime, compileRuntime, type RuntimePolicy } from "../../lib/api-runtime";
import { bandwidthBytes } from "../../lib/plans";
import { ZRevisionConfig } from "../../lib/revisions";
import { defaultVersionPath, gatewayPath } from "../../lib/gateway-urls";
import { publicJwks, tokenVerifier, type TokenVerifier } from "../../lib/tokens";
import { compileTopics, type TopicRoute, type TopicTable } from "../config/topics";
import { apiKeyGrants, type ApiKeyGrant, type ApiKeyRow } from "./api-key-grants";

/** CREATED and RETIRED APIs are not served: their paths are 404. */
export const servedStatuses = ["PUBLISHED", "PROTOTYPED", "DEPRECATED", "BLOCKED"] as const satisfies readonly ApiStatus[];

export interface BackendEndpoint {
  /** Names this endpoint for its suspension state: the API, the key type and the URL. */
  key: string;
  /** The endpoint URL without its query and trailing slash; the topic's path is appended. */
  base: string;
  /** The endpoint URL's own query, without '?'; "" when it has none. */
  query: string;
  connectTimeoutMs: number;
  /** The cogwheel settings, defaults filled in (lib/endpoint-config.ts). */
  settings: EndpointConfig;
}

export interface ApiRoute {
  id: string;
  name: string;
  version: string;
  status: ApiStatus;
  /** As created ("/echo", "/{version}/echo"): deny policies name it. */
  context: string;
  /** Where clients reach it on the gateway: lib/gateway-urls.ts gatewayPath. */
  path: string;
  endpoints: Partial<Record<KeyType, BackendEndpoint>>;
  topics: TopicTable;
  /** Publisher → API → Runtime: allowed origins and client addresses (lib/api-runtime.ts). */
  runtime: RuntimePolicy;
}

export interface Plan {
  id: string;
  name: string;
  eventCount: number | null;
  timeUnit: TimeUnit;
  maxConnections: number | null;
  /** Burst control: at most `limit` events per `unit` inside the window; none when absent. */
  burst?: { limit: number; unit: TimeUnit } | null;
  /** Bytes per `unit`, both directions together; none when absent. */
  bandwidth?: { bytes: number; unit: TimeUnit; label: string } | null;
  /** Null: the gateway's default (GATEWAY_THROTTLE_ACTION). */
  throttleAction?: ThrottleAction | null;
}

/** A BusinessPlan row as the snapshot loads it (planFields). */
export interface PlanRow {
  id: string;
  name: string;
  eventCount: number | null;
  timeUnit: TimeUnit;
  maxConnections: number | null;
  burstLimit?: number | null;
  burstTimeUnit?: TimeUnit | null;
  bandwidthAmount?: number | null;
  bandwidthDataUnit?: DataUnit | null;
  bandwidthTimeUnit?: TimeUnit | null;
  throttleAction?: ThrottleAction | null;
}

/** The plan's limits as the gateway enforces them. */
export function planOf(row: PlanRow): Plan {
  const bytes = bandwidthBytes(row);
  return {
    id: row.id,
    name: row.name,
    eventCount: row.eventCount,
    timeUnit: row.timeUnit,
    maxConnections: row.maxConnections,
    burst: row.burstLimit && row.burstTimeUnit ? { limit: row.burstLimit, unit: row.burstTimeUnit } : null,
    bandwidth: bytes !== null && row.bandwidthTimeUnit ? { bytes, unit: row.bandwidthTimeUnit, label: `${row.bandwidthAmount} ${row.bandwidthDataUnit}` } : null,
    throttleAction: row.throttleAction ?? null,
  };
}

export interface SubscriptionGrant {
  id: string;
  status: SubscriptionStatus;
  plan: Plan;
}

export interface ApplicationKeyInfo {
  applicationId: string;
  keyType: KeyType;
}

export interface ConfigSnapshot {
  /** By gateway path. */
  routes: ReadonlyMap<string, ApiRoute>;
  /** By subscriptionKey(applicationId, apiId). */
  subscriptions: ReadonlyMap<string, SubscriptionGrant>;
  /** By consumer key (a token's client_id). */
  keys: ReadonlyMap<string, ApplicationKeyInfo>;
  /** Active API keys by their SHA-256 (config/api-key-grants.ts), and their ids for open connections. */
  apiKeys: ReadonlyMap<string, ApiKeyGrant>;
  apiKeyIds: ReadonlySet<string>;
  revokedJtis: ReadonlySet<string>;
  /** The `kid`s of the keys verifyToken accepts. */
  signingKeyIds: ReadonlySet<string>;
  verifyToken: TokenVerifier;
  /** The enabled deny policies (Admin → Deny policies), compiled. */
  denyPolicies: DenyPolicyMatcher;
  /** Ids of disabled users: their applications' tokens are refused. */
  disabledUsers: ReadonlySet<string>;
  /** lib/notify.ts configVersion as of this load; null when the rows came from elsewhere (unit tests). */
  configVersion: number | null;
  loadedAt: Date;
}

export function subscriptionKey(applicationId: string, apiId: string): string {
  return `${applicationId} ${apiId}`;
}

export interface SnapshotRows {
  apis: {
    id: string;
    name: string;
    context: string;
    version: string;
    status: ApiStatus;
    isDefaultVersion?: boolean;
    endpoints: { type: KeyType; url: string; config: unknown }[];
    topics: TopicRoute[];
    /** Api.runtime as stored; absent: the defaults. */
    runtime?: unknown;
  }[];
  subscriptions: { id: string; applicationId: string; apiId: string; status: SubscriptionStatus; plan: PlanRow }[];
  keys: { consumerKey: string; applicationId: string; keyType: KeyType }[];
  apiKeys?: ApiKeyRow[];
  revokedJtis: string[];
  jwks: JSONWebKeySet;
  issuer?: string;
  denyPolicies?: DenyPolicyRule[];
  disabledUserIds?: string[];
  configVersion?: number;
}

function backendEndpoint(apiId: string, type: KeyType, url: string, config: unknown): BackendEndpoint {
  const q = url.indexOf("?");
  const withoutQuery = q === -1 ? url : url.slice(0, q);
  const settings = endpointConfig(config);
  return {
    key: `${apiId} ${type} ${url}`,
    base: withoutQuery.replace(/\/+$/, ""),
    query: q === -1 ? "" : url.slice(q + 1),
    connectTimeoutMs: settings.connectTimeoutMs,
    settings,
  };
}

export function buildSnapshot(rows: SnapshotRows): ConfigSnapshot {
  const routes = new Map<string, ApiRoute>();
  for (const api of rows.apis) {
    const path = gatewayPath(api);
    // `/a/{version}` at 1.0 and `/a` at 1.0 share a path; the first loaded (oldest) keeps it.
    if (routes.has(path)) continue;
    const endpoints: ApiRoute["endpoints"] = {};
    for (const e of api.endpoints) endpoints[e.type] = backendEndpoint(api.id, e.type, e.url, e.config);
    routes.set(path, {
      id: api.id,
      name: api.name,
      version: api.version,
      status: api.status,
      context: api.context,
      path,
      endpoints,
      topics: compileTopics(api.topics),
      runtime: compileRuntime(apiRuntime(api.runtime)),
    });
  }
  // The default version is also served at the bare context, unless a versioned path is there.
  for (const api of rows.apis) {
    if (!api.isDefaultVersion) continue;
    const bare = defaultVersionPath(api.context);
    const versioned = routes.get(gatewayPath(api));
    if (versioned?.id === api.id && !routes.has(bare)) routes.set(bare, { ...versioned, path: bare });
  }
  const subscriptions = new Map<string, SubscriptionGrant>();
  // One Plan per plan row, shared by its subscriptions.
  const plans = new Map<string, Plan>();
  for (const s of rows.subscriptions) {
    let plan = plans.get(s.plan.id);
    if (!plan) plans.set(s.plan.id, (plan = planOf(s.plan)));
    subscriptions.set(subscriptionKey(s.applicationId, s.apiId), { id: s.id, status: s.status, plan });
  }
  const keys = new Map<string, ApplicationKeyInfo>();
  for (const k of rows.keys) keys.set(k.consumerKey, { applicationId: k.applicationId, keyType: k.keyType });
  const apiKeys = apiKeyGrants(rows.apiKeys ?? []);
  return {
    routes,
    subscriptions,
    keys,
    apiKeys: apiKeys.byHash,
    apiKeyIds: apiKeys.ids,
    revokedJtis: new Set(rows.revokedJtis),
    signingKeyIds: new Set(rows.jwks.keys.flatMap((k) => (k.kid ? [k.kid] : []))),
    verifyToken: verifierFor(rows.jwks, rows.issuer),
    denyPolicies: compileDenyPolicies(rows.denyPolicies ?? []),
    disabledUsers: new Set(rows.disabledUserIds ?? []),
    configVersion: rows.configVersion ?? null,
    loadedAt: new Date(),
  };
}

// One verifier per key set: handshake/authenticate.ts remembers verified tokens per verifier,
// so a reload that leaves the signing keys as they were (a subscription, a deploy) keeps them.
let lastVerifier: { keys: string; verify: TokenVerifier } | undefined;
function verifierFor(jwks: JSONWebKeySet, issuer: string | undefined): TokenVerifier {
  const keys = `${issuer} ${JSON.stringify(jwks)}`;
  if (lastVerifier?.keys !== keys) lastVerifier = { keys, verify: tokenVerifier(jwks, issuer) };
  return lastVerifier.verify;
}

const planFields = {
  id: true,
  name: true,
  eventCount: true,
  timeUnit: true,
  maxConnections: true,
  burstLimit: true,
  burstTimeUnit: true,
  bandwidthAmount: true,
  bandwidthDataUnit: true,
  bandwidthTimeUnit: true,
  throttleAction: true,
} as const satisfies Record<keyof PlanRow, true>;

/**
 * What a gateway of `environment` serves: each API deployed there, in a served state, as its
 * deployed revision (context, version, topics, endpoints); its state, default-version flag,
 * subscriptions and keys as they are now, so a Block acts without a deploy. An Internal API is
 * served only by an internal environment's gateways (lib/environments.ts servesApi); a gateway
 * of an environment no row names serves External APIs deployed under that name, as any other.
 */
export async function loadSnapshot(environment: Environment): Promise<ConfigSnapshot> {
  const served = { status: { in: [...servedStatuses] } };
  // One transaction, so subscriptions and keys agree with the APIs they name.
  const now = new Date();
  const [deployments, subscriptions, keys, apiKeys, revoked, environmentRow, denyPolicies, disabledUsers, version] = await db.$transaction([
    db.apiDeployment.findMany({
      where: { environment, api: served },
      orderBy: { api: { createdAt: "asc" } },
      select: {
        api: { select: { id: true, name: true, status: true, isDefaultVersion: true, accessMode: true, runtime: true } },
        revision: { select: { config: true } },
      },
    }),
    db.subscription.findMany({
      where: { api: served },
      select: { id: true, applicationId: true, apiId: true, status: true, plan: { select: planFields } },
    }),
    db.applicationKey.findMany({ select: { consumerKey: true, applicationId: true, keyType: true } }),
    db.apiKey.findMany({
      where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: {
        id: true,
        hash: true,
        keyType: true,
        expiresAt: true,
        allowedIps: true,
        allowedOrigins: true,
        application: { select: { id: true, name: true, owner: { select: { id: true, username: true } } } },
      },
    }),
    db.revokedToken.findMany({ where: { expiresAt: { gt: new Date() } }, select: { jti: true } }),
    db.gatewayEnvironment.findUnique({ where: { name: environment }, select: { internal: true } }),
    db.denyPolicy.findMany({ where: { enabled: true }, select: { id: true, type: true, value: true } }),
    db.user.findMany({ where: { disabledAt: { not: null } }, select: { id: true } }),
    // lib/notify.ts configVersion, read in this transaction so it names what was loaded.
    db.$queryRaw<{ version: number }[]>`SELECT version FROM "ConfigVersion" WHERE id = 1`,
  ]);
  const internal = { internal: environmentRow?.internal ?? false };
  const apis = deployments.flatMap(({ api, revision }) => {
    if (!servesApi(internal, api)) return [];
    // Written only by lib/revisions.ts; one that does not parse is left out rather than failing the whole load.
    const parsed = ZRevisionConfig.safeParse(revision.config);
    if (!parsed.success) return [];
    const { context, version, topics, endpoints } = parsed.data;
    return [{ ...api, context, version, topics, endpoints }];
  });
  const jwks = await publicJwks();
  return buildSnapshot({
    apis,
    subscriptions,
    keys,
    apiKeys,
    revokedJtis: revoked.map((r) => r.jti),
    jwks,
    denyPolicies,
    disabledUserIds: disabledUsers.map((u) => u.id),
    configVersion: version[0]?.version ?? 0,
  });
}
