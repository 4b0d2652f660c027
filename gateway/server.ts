// The gateway: a TCP (and TLS) listener whose connections' request heads go through the
// handshake pipeline (pipeline.ts) and, admitted, are relayed (connections.ts). This file
// wires the parts together: the configuration store, the plan's counters (in Redis when
// REDIS_URL is set), the usage recorder, the listeners and the admin port, and stops them.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { pino, type Logger } from "pino";
import { Redis } from "ioredis";
import type { EventEmitter } from "node:events";
import type { Counter, Registry } from "prom-client";
import { config } from "../lib/config";
import type { Environment } from "../lib/environments";
import type { IpRange } from "../lib/ip-ranges";
import type { Abandon } from "./backend/connect";
import { EndpointSuspensions } from "./backend/suspension";
import { ConfigStore } from "./config/store";
import { Connections } from "./connections";
import type { ListenerKind } from "./cluster-connections";
import { CallerAssertions } from "./handshake/caller-assertion";
import { PendingConnections, type PendingBounds } from "./handshake/pending-connections";
import { readRequestHead, type RequestHead } from "./handshake/request-head";
import { Refusal, refusal, refuse } from "./handshake/refuse";
import { ClientGone } from "./handshake/stage";
import { admit, Handshake, type PipelineGateway } from "./pipeline";
import { EventLimiter } from "./policies/event-limiter";
import { ConnectionCounts } from "./policies/connection-cap";
import { RedisCircuit } from "./policies/redis-circuit";
import type { ThrottleAction } from "./policies/throttle";
import { gatewayMetrics, readiness, startAdmin, type Readiness } from "./admin";
import { Heartbeat } from "./heartbeat";
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
  /** The admin listener's address; defaults to GATEWAY_ADMIN_HOST (127.0.0.1), not `host`. */
  adminHost?: string;
  /** How often usage is written to the database; default 10 s. */
  usageFlushMs?: number;
  /** Defaults to GATEWAY_STALLED_WRITE_TIMEOUT_MS. */
  stalledWriteTimeoutMs?: number;
  /** Pings and pongs per client connection; defaults to GATEWAY_MAX_CONTROL_FRAMES_PER_MINUTE and GATEWAY_CONTROL_FRAMES_ARE_EVENTS. */
  controlFrames?: { maxPerMinute: number; countAsEvents: boolean };
  /** Proxies whose X-Forwarded-For names the client; defaults to GATEWAY_TRUSTED_PROXIES. */
  trustedProxies?: readonly IpRange[];
  /** How often this process writes its heartbeat row; defaults to lib/gateway-processes.ts heartbeatIntervalMs. */
  heartbeatIntervalMs?: number;
  /** A wss listener with this certificate (gateway/tls.ts); 0 picks a free port. */
  tls?: { port: number; cert: string; key: string; handshakeTimeoutMs?: number };
  /** Bounds on connections still in their handshake; defaults to GATEWAY_MAX_PENDING_CONNECTIONS and GATEWAY_MAX_PENDING_PER_ADDRESS. */
  pending?: PendingBounds;
  /**
   * A cluster's worker: the primary listens on `port` and `tls.port` and hands each connection
   * over (gateway/cluster-connections.ts); this process listens on neither, and takes them
   * through the gateway's `adopt`.
   */
  handed?: boolean;
}

export interface Gateway {
  port: number;
  /** Resolves once the first configuration snapshot is loaded; until then handshakes get 503. */
  ready: Promise<void>;
  store: ConfigStore;
  /** Client connections being relayed now. */
  readonly connections: number;
  limiter: EventLimiter;
  connectionCounts: ConnectionCounts;
  usage: UsageRecorder;
  /** The admin listener's port, when it has one. */
  adminPort: number | undefined;
  /** A connection accepted elsewhere (a cluster's primary), as if it came to the ws or the wss listener. */
  adopt(socket: Socket, kind: ListenerKind): void;
  /** The wss listener's port, when it has one. */
  tlsPort: number | undefined;
  /** What /readyz answers. */
  readiness(): Readiness;
  /** What /metrics shows. */
  metrics: Registry;
  /** "connection-end" once both sides of a relayed connection have closed. */
  events: EventEmitter<{ "connection-end": [] }>;
  /** This process's row in Admin → Gateway environments; "beat" after each write. */
  heartbeat: Heartbeat;
  /** Stops accepting, closes every connection with 1001, and resolves when all are gone. */
  close(): Promise<void>;
}

const goingAway = { code: 1001, reason: "Gateway shutting down" };
const notAWebSocket = refusal(426, "upgrade_required", "This is a WebSocket gateway: connect with a WebSocket client.");
const internalError = refusal(500, "internal_error", "The gateway failed to handle this handshake.");

function ignoreSocketError() {
  // A client that resets mid-handshake: its socket closes and the handshake is abandoned.
}

/** The configuration store, with its reloads and failures logged. */
function configStore(options: GatewayOptions, logger: Logger): ConfigStore {
  const store = new ConfigStore({ databaseUrl: options.databaseUrl ?? config().DATABASE_URL, environment: options.environment });
  store.on("reload", (s) => logger.debug({ event: "config_reloaded", apis: s.routes.size }, "configuration reloaded"));
  store.on("reload-error", (e, retryInMs) => logger.warn({ event: "config_reload_failed", err: e.message, retryInMs }, "configuration reload failed; serving the last snapshot"));
  store.on("listener-error", (e, retryInMs) => logger.warn({ event: "config_listener_failed", err: e.message, retryInMs }, "configuration listener lost; reconnecting"));
  return store;
}

/**
 * The Redis the gateways share the plans' limits through (REDIS_URL), and the circuit that
 * says whether it answers now. No command waits for a connection (no offline queue), nor more
 * than half a second for an answer: while Redis is away, limits are counted alone at once.
 */
function sharedLimits(options: GatewayOptions, logger: Logger): { redis?: Redis; circuit?: RedisCircuit } {
  const redisUrl = options.redisUrl ?? config().REDIS_URL;
  if (!redisUrl) return {};
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500 });
  // ioredis reports every failed reconnection: the circuit's change is what an operator reads.
  redis.on("error", (e) => logger.debug({ event: "redis_error", err: e.message }, "Redis connection error"));
  const circuit = new RedisCircuit(redis);
  circuit.on("change", (up) => {
    if (up) logger.info({ event: "redis_available" }, "Redis reachable: limits are shared with the other gateways");
    else logger.warn({ event: "redis_unavailable" }, "Redis unreachable: limits are counted by this gateway alone until it answers");
  });
  return { redis, circuit };
}

const tooManyPending = refusal(503, "too_many_pending", "The gateway has too many connections still in their handshake: try again.", 1);

/**
 * The ws listener, and the wss one when configured: the same handshake pipeline behind TLS.
 * Each accepted connection counts against the pending bounds until its head is read; over them
 * it is closed at once (a plain one told 503 first).
 */
async function startListeners(options: GatewayOptions, pending: PendingConnections, onConnection: (socket: Socket) => void): Promise<{ server: Server; tlsServer: Server | undefined }> {
  // noDelay set as each connection is accepted, as http.Server did; a failed TLS handshake just closes its socket.
  const server = createServer({ noDelay: true }, (socket) => {
    if (pending.admit(socket)) return onConnection(socket);
    socket.on("error", ignoreSocketError);
    refuse(socket, tooManyPending);
  });
  const tls = options.tls;
  const tlsTimeoutMs = tls?.handshakeTimeoutMs ?? config().GATEWAY_TLS_HANDSHAKE_TIMEOUT_MS;
  const tlsServer =
    tls &&
    createTlsServer({ cert: tls.cert, key: tls.key, noDelay: true, handshakeTimeout: tlsTimeoutMs }, (socket) => {
      pending.secured(socket);
      onConnection(socket);
    });
  // The TCP connection under the TLS one is counted from its accept: most of a stalled handshake is TLS's.
  tlsServer?.on("connection", (raw: Socket) => {
    if (!pending.admit(raw, tlsTimeoutMs)) raw.destroy();
  });
  if (options.handed) return { server, tlsServer };
  await listen(server, options.port, options.host);
  try {
    if (tlsServer) await listen(tlsServer, tls!.port, options.host);
  } catch (e) {
    server.close();
    throw e;
  }
  return { server, tlsServer };
}

/**
 * What a connection's request head goes to: a request that is no handshake is told to upgrade;
 * a handshake goes through the pipeline, and is relayed or refused (logged and counted).
 */
function requestHandler(gateway: PipelineGateway, connections: Connections, refusals: Counter<"status" | "error">) {
  const logger = gateway.logger;
  const refused = (req: RequestHead, socket: Socket, r: Refusal) => {
    logger.info({ event: "refused", path: req.url.split("?")[0], status: r.status, error: r.error, detail: r.detail }, r.message);
    refusals.inc({ status: r.status, error: r.error });
    refuse(socket, r);
  };
  return (req: RequestHead, socket: Socket, head: Buffer) => {
    // A request that names an Upgrade but lacks something else is told what, by checkUpgrade.
    if (req.headers.upgrade === undefined) return refuse(socket, notAWebSocket);
    admit(new Handshake({ gateway, request: req, socket, head })).then(
      (h) => {
        if (h instanceof Refusal) return refused(req, socket, h);
        if (h instanceof ClientGone) return socket.destroy();
        socket.removeListener("error", ignoreSocketError);
        // The connection keeps only what it needs of the handshake, nothing of the request.
        connections.open(h);
      },
      (e: Error) => {
        logger.error({ event: "handshake_failed", err: e }, "handshake failed unexpectedly");
        refuse(socket, internalError);
      },
    );
  };
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? pino({ level: "silent" });
  const store = configStore(options, logger);
  const { redis, circuit } = sharedLimits(options, logger);
  const usage = new UsageRecorder(options.usageFlushMs ?? 10_000, undefined, (e) =>
    logger.warn({ event: "usage_flush_failed", err: e.message }, "usage not written; kept for the next flush"),
  );
  const controlFrames = options.controlFrames ?? { maxPerMinute: config().GATEWAY_MAX_CONTROL_FRAMES_PER_MINUTE, countAsEvents: config().GATEWAY_CONTROL_FRAMES_ARE_EVENTS === "1" };
  const limits = {
    maxControlFramesPerMinute: controlFrames.maxPerMinute,
    controlFramesAreEvents: controlFrames.countAsEvents,
    stalledWriteTimeoutMs: options.stalledWriteTimeoutMs ?? config().GATEWAY_STALLED_WRITE_TIMEOUT_MS,
  };
  const connections = new Connections({ usage, logger, limits });
  store.on("reload", (snapshot) => connections.revalidate(snapshot));
  const pending = new PendingConnections({
    ...(options.pending ?? { max: config().GATEWAY_MAX_PENDING_CONNECTIONS, perAddress: config().GATEWAY_MAX_PENDING_PER_ADDRESS }),
    exempt: options.trustedProxies ?? config().GATEWAY_TRUSTED_PROXIES,
  });
  const metrics = gatewayMetrics({ store, connections: () => connections.size, totals: () => usage.totals(), redisUp: circuit && (() => circuit.up), pending: () => pending });
  // What the stages see of the gateway; `stopping` is set once, by close().
  const gateway: PipelineGateway & { stopping: boolean } = {
    stopping: false,
    store,
    logger,
    suspensions: new EndpointSuspensions(),
    handshakes: new Set<Abandon>(),
    connectionCounts: new ConnectionCounts(redis, { circuit }),
    limiter: new EventLimiter(redis, circuit),
    throttleAction: options.throttleAction ?? config().GATEWAY_THROTTLE_ACTION,
    callerAssertions: new CallerAssertions(store, config().TOKEN_ISSUER),
    trustedProxies: options.trustedProxies ?? config().GATEWAY_TRUSTED_PROXIES,
  };

  const handle = requestHandler(gateway, connections, metrics.refusals);
  const onRequest = (req: RequestHead, socket: Socket, head: Buffer) => {
    pending.done(socket);
    handle(req, socket, head);
  };
  // Connections still sending their request head: dropped when the gateway stops.
  const readingHeads = new Set<Socket>();
  const { server, tlsServer } = await startListeners(options, pending, (socket) => {
    socket.on("error", ignoreSocketError);
    readRequestHead(socket, onRequest, readingHeads);
  });
  store.start();
  const heartbeat = new Heartbeat({
    id: gateway.connectionCounts.gatewayId,
    environment: store.environment,
    intervalMs: options.heartbeatIntervalMs,
    now: () => ({ openConnections: connections.size, configVersion: store.current?.configVersion ?? null }),
    onError: (e) => logger.warn({ event: "heartbeat_failed", err: e.message }, "heartbeat not written"),
  });
  const ready = () => readiness(store, gateway.stopping);
  const admin =
    options.adminPort === undefined
      ? undefined
      : await startAdmin(options.adminPort, options.adminHost ?? config().GATEWAY_ADMIN_HOST, { readiness: async () => ready(), metrics: () => metrics.registry.metrics(), metricsContentType: metrics.registry.contentType });

  async function close() {
    gateway.stopping = true;
    const stopped = Promise.all([server, tlsServer].map((l) => l?.listening && new Promise<void>((resolve) => l.close(() => resolve()))));
    for (const handshake of gateway.handshakes) handshake.abort("gateway shutting down");
    const stoppedBeating = heartbeat.stop();
    await connections.shutdown(goingAway.code, goingAway.reason, options.shutdownGraceMs ?? 5000);
    for (const socket of readingHeads) socket.destroy();
    admin?.close();
    admin?.closeAllConnections();
    await Promise.all([stopped, stoppedBeating, store.close(), gateway.limiter.close(), usage.close(), gateway.connectionCounts.close(), gateway.callerAssertions.close()]);
    circuit?.close();
    redis?.disconnect();
  }
  let closing: Promise<void> | undefined;
  return {
    port: options.handed ? options.port : (server.address() as AddressInfo).port,
    ready: store.ready.then(() => undefined),
    store,
    limiter: gateway.limiter,
    connectionCounts: gateway.connectionCounts,
    events: connections.events,
    heartbeat,
    usage,
    adminPort: admin ? (admin.address() as AddressInfo).port : undefined,
    tlsPort: tlsServer ? (options.handed ? options.tls!.port : (tlsServer.address() as AddressInfo).port) : undefined,
    adopt(socket, kind) {
      // What accepting would have done: createServer's noDelay is applied only to what it accepts itself.
      const listener = kind === "wss" ? tlsServer : server;
      if (!listener) return void socket.destroy();
      socket.setNoDelay(true);
      listener.emit("connection", socket);
    },
    readiness: ready,
    metrics: metrics.registry,
    get connections() {
      return connections.size;
    },
    close: () => (closing ??= close()),
  };
}
