// The gateway: a TCP (and TLS) listener whose upgrade requests go through the handshake pipeline
//   read request head → check upgrade → resolve route → authenticate → authorize → connect backend → relay
// where each stage returns its result or a Refusal that ends the handshake with an HTTP status.
import { EventEmitter } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { pino, type Logger } from "pino";
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { config } from "../lib/config";
import type { Environment } from "../lib/environments";
import { Abandon, adopt, BackendConnection, connectBackend } from "./backend/connect";
import { EndpointSuspensions } from "./backend/suspension";
import { backendTarget } from "./backend/target";
import { subscriptionKey, type BackendEndpoint, type ConfigSnapshot } from "./config/snapshot";
import { ConfigStore } from "./config/store";
import { authenticate, bearerProtocol, stillValidIn, tokenProtocols, type Identity } from "./handshake/authenticate";
import { authorize } from "./handshake/authorize";
import { CallerAssertions, callerAssertionHeader } from "./handshake/caller-assertion";
import { checkUpgrade, type UpgradeRequest } from "./handshake/check-upgrade";
import { readRequestHead, type RequestHead } from "./handshake/request-head";
import { resolveRoute, type RouteMatch } from "./handshake/resolve-route";
import { Refusal, refusal, refuse } from "./refuse";
import { EventLimiter } from "./policies/event-limiter";
import { ConnectionCounts } from "./policies/connection-cap";
import { throttleGate, type ThrottleAction, type ThrottleGate } from "./policies/throttle";
import { Relay } from "./relay";
import { answerUpgrade, relayableExtensions } from "./relay/handshake";
import { gatewayMetrics, readiness, startAdmin, type Readiness } from "./admin";
import { listen } from "./listen";
import { UsageRecorder } from "./usage/recorder";

export interface GatewayOptions {
  host?: string;
  /** 0 picks a free port; read it back from Gateway.port. */
  port: number;
  logger?: Logger;
  /** Defaults to DATABASE_URL from lib/config.ts. */
  databaseUrl?: string;
  /** The gateway environment served; defaults to GATEWAY_ENVIRONMENT. */
  environment?: Environment;
  /** How long close() lets connections finish their closing handshakes before dropping them. */
  shutdownGraceMs?: number;
  /** Share event counts with other gateways through this Redis; defaults to REDIS_URL; "" for none. */
  redisUrl?: string;
  /** Defaults to GATEWAY_THROTTLE_ACTION. */
  throttleAction?: ThrottleAction;
  /** The admin listener's port (/healthz, /readyz, /metrics); none when undefined, 0 picks a free one. */
  adminPort?: number;
  /** How often usage is written to the database; default 10 s. */
  usageFlushMs?: number;
  /** A wss listener with this certificate (gateway/tls.ts); 0 picks a free port. */
  tls?: { port: number; cert: string; key: string };
}

export interface Gateway {
  port: number;
  /** Resolves once the first configuration snapshot is loaded; until then handshakes get 503. */
  ready: Promise<void>;
  store: ConfigStore;
  /** Client connections being relayed now. */
  readonly connections: number;
  limiter: EventLimiter;
  usage: UsageRecorder;
  /** The admin listener's port, when it has one. */
  adminPort: number | undefined;
  /** The wss listener's port, when it has one. */
  tlsPort: number | undefined;
  /** What /readyz answers. */
  readiness(): Readiness;
  /** What /metrics shows. */
  metrics: Registry;
  /** "connection-end" once both sides of a relayed connection have closed. */
  events: EventEmitter<{ "connection-end": [] }>;
  /** Stops accepting, closes every connection with 1001, and resolves when all are gone. */
  close(): Promise<void>;
}

const goingAway = { code: 1001, reason: "Gateway shutting down" };
// How long a handshake about to be refused waits for the reloads under way (see admit).
const settleMs = 2000;

/** Milliseconds until `exp` (seconds), at most setTimeout's longest delay (2^31 - 1 ms, 24.8 days). */
function untilExpiry(exp: number): number {
  return Math.max(0, Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1));
}

const notAWebSocket = refusal(426, "upgrade_required", "This is a WebSocket gateway: connect with a WebSocket client.");
const gatewayStopping = refusal(503, "gateway_stopping", "The gateway is shutting down.");

/** X-Forwarded-For and RFC 7239 Forwarded, each with this hop appended to what the client sent. */
function forwardingHeaders(req: RequestHead, socket: Socket): Record<string, string> {
  const remote = socket.remoteAddress ?? "unknown";
  const proto = "encrypted" in socket ? "wss" : "ws";
  const priorFor = req.headers["x-forwarded-for"];
  const prior = req.headers.forwarded;
  // §6: an IPv6 address is quoted and bracketed.
  const node = remote.includes(":") ? `"[${remote}]"` : remote;
  const hop = `for=${node};proto=${proto}`;
  return { "X-Forwarded-For": priorFor ? `${priorFor}, ${remote}` : remote, Forwarded: prior ? `${prior}, ${hop}` : hop };
}

function ignoreSocketError() {
  // A client that resets mid-handshake: its socket closes and the handshake is abandoned.
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? pino({ level: "silent" });
  const store = new ConfigStore({ databaseUrl: options.databaseUrl ?? config().DATABASE_URL, environment: options.environment });
  store.on("reload", (s) => logger.debug({ event: "config_reloaded", apis: s.routes.size }, "configuration reloaded"));
  store.on("reload-error", (e, retryInMs) => logger.warn({ event: "config_reload_failed", err: e.message, retryInMs }, "configuration reload failed; serving the last snapshot"));
  store.on("listener-error", (e, retryInMs) => logger.warn({ event: "config_listener_failed", err: e.message, retryInMs }, "configuration listener lost; reconnecting"));

  const suspensions = new EndpointSuspensions();
  const redisUrl = options.redisUrl ?? config().REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true }) : undefined;
  redis?.on("error", (e) => logger.warn({ event: "redis_error", err: e.message }, "Redis unreachable; limits are counted locally meanwhile"));
  const limiter = new EventLimiter(redis);
  const throttleAction = options.throttleAction ?? config().GATEWAY_THROTTLE_ACTION;
  const connectionCounts = new ConnectionCounts(redis);
  const events = new EventEmitter<{ "connection-end": [] }>();
  const usage = new UsageRecorder(options.usageFlushMs ?? 10_000, undefined, (e) =>
    logger.warn({ event: "usage_flush_failed", err: e.message }, "usage not written; kept for the next flush"),
  );
  const relays = new Set<Relay>();
  const metrics = gatewayMetrics({ store, connections: () => relays.size, totals: () => usage.totals() });
  const watched = new Map<Relay, { identity: Identity; apiPath: string; expiry: NodeJS.Timeout }>();
  // A revoked token, deleted keys or a subscription no longer active end open connections
  // with 1008 as soon as the change's reload lands.
  store.on("reload", (snapshot) => {
    for (const [relay, { identity, apiPath }] of watched) {
      const invalid = stillValidIn(snapshot, identity.claims);
      if (invalid) {
        relay.close("gateway", 1008, invalid.message);
        continue;
      }
      const api = snapshot.routes.get(apiPath);
      const grant = api && api.id === relay.apiId ? authorize(snapshot, api, identity) : undefined;
      if (grant instanceof Refusal) relay.close("gateway", 1008, grant.error);
    }
  });
  const handshakes = new Set<Abandon>();
  let stopping = false;
  let allEnded: (() => void) | undefined;

  /** The handshake's checks against one snapshot: route, token, subscription, backend. */
  async function checkAccess(snapshot: ConfigSnapshot, req: RequestHead, upgrade: UpgradeRequest, token: string | undefined) {
    const route = resolveRoute(snapshot, upgrade.path);
    if (route instanceof Refusal) return route;
    const identity = await authenticate(snapshot, req.headers, upgrade.query, token);
    if (identity instanceof Refusal) return identity;
    const grant = authorize(snapshot, route.api, identity);
    if (grant instanceof Refusal) return grant;
    const target = backendTarget(route, identity.keyType, upgrade.query);
    if (target instanceof Refusal) return target;
    return { route, identity, grant, target };
  }

  async function admit(req: RequestHead, socket: Socket, head: Buffer) {
    const startedAt = performance.now();
    const refused = (r: Refusal, detail?: string) => {
      logger.info({ event: "refused", path: req.url.split("?")[0], status: r.status, error: r.error, detail }, r.message);
      metrics.refusals.inc({ status: r.status, error: r.error });
      refuse(socket, r);
    };
    if (stopping) return refused(gatewayStopping);
    const snapshot = store.current;
    if (!snapshot) return refused(refusal(503, "not_ready", "The gateway has not loaded its configuration yet."));

    const upgrade = checkUpgrade(req);
    if (upgrade instanceof Refusal) return refused(upgrade);
    const offered = tokenProtocols(upgrade.protocols);
    let checked = await checkAccess(snapshot, req, upgrade, offered.token);
    // A client that just generated its keys, subscribed or published may be faster than the
    // change's reload: before refusing, let the reloads under way finish and look again.
    if (checked instanceof Refusal && checked.status !== 503) {
      const settled = await store.settled(settleMs);
      if (settled && settled !== snapshot) checked = await checkAccess(settled, req, upgrade, offered.token);
    }
    if (checked instanceof Refusal) return refused(checked);
    const { route, identity, grant, target } = checked;
    if (socket.destroyed) return;
    if (stopping) return refused(gatewayStopping);
    const endpoint = target.endpoint;
    const suspendedMs = suspensions.remainingMs(endpoint.key);
    if (suspendedMs > 0) {
      const seconds = Math.ceil(suspendedMs / 1000);
      return refused(
        refusal(503, "backend_suspended", `The API's backend failed to connect and is suspended for ${seconds} more second${seconds === 1 ? "" : "s"}.`, seconds),
      );
    }
    const usageKey = subscriptionKey(identity.applicationId, route.api.id);
    const plan = grant.subscription?.plan;
    const overCap = await connectionCounts.reserve(usageKey, plan);
    if (overCap) return refused(overCap);
    // From here the connection counts against the plan's cap until it ends or is refused.
    let relayed = false;
    try {
      // Signed only for a connection that got this far: a signature is not cheap.
      const assertion = await callerAssertions.sign(identity, route.api);
      if (assertion instanceof Refusal) return refused(assertion);
      const gate = await throttleGate(limiter, usageKey, plan, throttleAction);
      const abandon = new Abandon();
      const onClientGone = () => abandon.abort("client closed the connection");
      handshakes.add(abandon);
      socket.once("close", onClientGone);
      const backend = await connectBackend({
        target,
        protocols: offered.forward,
        headers: { ...forwardingHeaders(req, socket), [callerAssertionHeader]: assertion },
        signal: abandon,
        extensions: relayableExtensions(req.headers["sec-websocket-extensions"]),
      }).finally(() => {
        handshakes.delete(abandon);
        socket.removeListener("close", onClientGone);
      });
      const releaseGate = () => gate && limiter.release(gate.bucket);
      if (!(backend instanceof BackendConnection)) {
        releaseGate();
        // Abandoned because the gateway is stopping: the client is told so, not that its backend failed.
        if (stopping) return refused(gatewayStopping, backend.detail);
        if (backend.retryable) {
          const suspendedForMs = suspensions.failed(endpoint.key, endpoint.settings.suspension);
          if (suspendedForMs) logger.warn({ event: "endpoint_suspended", api: route.api.id, suspendedForMs }, "backend endpoint suspended");
        }
        return refused(backend.refusal, backend.detail);
      }
      suspensions.succeeded(endpoint.key);
      if (stopping) {
        releaseGate();
        backend.destroy();
        return refused(gatewayStopping);
      }
      const protocol = backend.protocol || (offered.marker ? bearerProtocol : "");
      // A client that left (or half-closed) meanwhile is dropped, and so is its backend.
      if (!answerUpgrade(socket, req.headers["sec-websocket-key"]!, protocol, backend.extensions)) {
        releaseGate();
        backend.destroy();
        socket.destroy();
        return;
      }
      socket.removeListener("error", ignoreSocketError);
      relayed = true;
      // From here nothing refers to the request: a relayed connection keeps only what it needs.
      startRelay(socket, head, backend, { identity, route, endpoint, gate, usageKey, startedAt });
    } finally {
      if (!relayed) connectionCounts.release(usageKey);
    }
  }

  interface Admitted {
    identity: Identity;
    route: RouteMatch;
    endpoint: BackendEndpoint;
    gate: ThrottleGate | undefined;
    usageKey: string;
    startedAt: number;
  }

  // The token's life ends the connection's: RFC 6455 §7.4.1 1008, policy violation. A token
  // may outlive setTimeout's longest delay (tokens live up to a year): then it waits again.
  function expire(relay: Relay, exp: number) {
    const watch = watched.get(relay);
    if (watch && exp * 1000 > Date.now()) watch.expiry = setTimeout(expire, untilExpiry(exp), relay, exp);
    else relay.close("gateway", 1008, "The access token has expired.");
  }

  // Outside admit(): its closures would keep the upgrade request alive for the connection's life.
  function startRelay(client: Socket, head: Buffer, backend: BackendConnection, a: Admitted) {
    const { identity, route, endpoint, gate, usageKey } = a;
    const openedAt = performance.now();
    const relay: Relay = new Relay(
      client,
      head,
      adopt(backend),
      backend.head,
      {
        idleTimeoutMs: endpoint.settings.idleTimeoutMs,
        gate,
        apiId: route.api.id,
        maxMessageBytes: endpoint.settings.maxMessageBytes,
        compressed: backend.extensions !== "",
      },
      (end) => {
        relays.delete(relay);
        usage.closed(relay, end);
        clearTimeout(watched.get(relay)?.expiry);
        watched.delete(relay);
        connectionCounts.release(usageKey);
        if (gate) limiter.release(gate.bucket);
        // Built only when it will be written.
        if (logger.isLevelEnabled("info")) {
          logger.info(
            {
              event: "connection",
              application: { id: identity.applicationId, name: identity.applicationName },
              keyType: identity.keyType,
              api: { id: route.api.id, name: route.api.name, version: route.api.version },
              topic: route.topic.name,
              durationMs: Math.round(performance.now() - openedAt),
              ...end,
            },
            `${identity.applicationName} on ${route.api.name} ${route.api.version} closed by ${end.closedBy} (${end.code})`,
          );
        }
        events.emit("connection-end");
        if (relays.size === 0) allEnded?.();
      },
    );
    relays.add(relay);
    usage.opened(relay, route.api.id, identity.applicationId);
    watched.set(relay, { identity, apiPath: route.api.path, expiry: setTimeout(expire, untilExpiry(identity.claims.exp), relay, identity.claims.exp) });
    if (logger.isLevelEnabled("debug")) {
      logger.debug({ event: "connected", application: identity.applicationId, api: route.api.id, handshakeMs: Math.round(openedAt - a.startedAt) }, "connected");
    }
  }

  const callerAssertions = new CallerAssertions(store, config().TOKEN_ISSUER);
  const onRequest = (req: RequestHead, socket: Socket, head: Buffer) => {
    if (!req.upgrade) return refuse(socket, notAWebSocket);
    admit(req, socket, head).catch((e: Error) => {
      logger.error({ event: "handshake_failed", err: e }, "handshake failed unexpectedly");
      refuse(socket, refusal(500, "internal_error", "The gateway failed to handle this handshake."));
    });
  };
  // Connections still sending their request head: dropped when the gateway stops.
  const readingHeads = new Set<Socket>();
  const onConnection = (socket: Socket) => {
    socket.on("error", ignoreSocketError);
    readRequestHead(socket, onRequest, readingHeads);
  };
  // noDelay set as each connection is accepted, as http.Server did.
  const server = createServer({ noDelay: true }, onConnection);
  // wss: the same handshake pipeline behind TLS; a failed TLS handshake just closes its socket.
  const tlsServer = options.tls && createTlsServer({ cert: options.tls.cert, key: options.tls.key, noDelay: true }, onConnection);
  const listeners: Server[] = tlsServer ? [server, tlsServer] : [server];

  await listen(server, options.port, options.host);
  try {
    if (tlsServer) await listen(tlsServer, options.tls!.port, options.host);
  } catch (e) {
    server.close();
    throw e;
  }
  store.start();
  const ready = () => readiness(store, stopping);
  const admin =
    options.adminPort === undefined
      ? undefined
      : await startAdmin(options.adminPort, options.host ?? "0.0.0.0", {
          readiness: async () => ready(),
          metrics: () => metrics.registry.metrics(),
          metricsContentType: metrics.registry.contentType,
        });

  let closing: Promise<void> | undefined;
  async function close() {
    stopping = true;
    const stopped = Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    for (const handshake of handshakes) handshake.abort("gateway shutting down");
    if (relays.size) {
      const ended = new Promise<void>((resolve) => (allEnded = resolve));
      for (const relay of relays) relay.shutdown(goingAway.code, goingAway.reason);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.shutdownGraceMs ?? 5000)));
      await Promise.race([ended, grace]);
      clearTimeout(timer);
      for (const relay of relays) relay.terminate();
    }
    for (const socket of readingHeads) socket.destroy();
    admin?.close();
    admin?.closeAllConnections();
    await Promise.all([stopped, store.close(), limiter.close(), usage.close(), connectionCounts.close(), callerAssertions.close()]);
    redis?.disconnect();
  }

  return {
    port: (server.address() as AddressInfo).port,
    ready: store.ready.then(() => undefined),
    store,
    limiter,
    events,
    usage,
    adminPort: admin ? (admin.address() as AddressInfo).port : undefined,
    tlsPort: tlsServer ? (tlsServer.address() as AddressInfo).port : undefined,
    readiness: ready,
    metrics: metrics.registry,
    get connections() {
      return relays.size;
    },
    close: () => (closing ??= close()),
  };
}

