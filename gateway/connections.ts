// The connections being relayed, as one object with a method per event in their lives (as
// Centrifugo's client handler names each): open, expire (the token's exp passes), revalidate
// (a new configuration snapshot no longer admits some), end, and shutdown.
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import { adopt, type BackendConnection } from "./backend/connect";
import type { BackendEndpoint, ConfigSnapshot } from "./config/snapshot";
import { stillValidIn, type Identity } from "./handshake/authenticate";
import { authorize } from "./handshake/authorize";
import { Refusal } from "./handshake/refuse";
import type { RouteMatch } from "./handshake/resolve-route";
import { runtimeRefuses } from "./policies/api-runtime";
import { blockedCloseReason, deniedConnection } from "./policies/deny-policies";
import type { ThrottleGate } from "./policies/throttle";
import { Relay, type RelayEnd } from "./relay/relay";
import type { UsageRecorder } from "./usage/recorder";

/** What a connection takes from its admitted handshake (pipeline.ts): it keeps none of the request. */
export interface Admitted {
  /** The client's socket, sent its 101. */
  socket: Socket;
  /** Bytes the client sent after its request head. */
  head: Buffer;
  backend: BackendConnection;
  identity: Identity;
  route: RouteMatch;
  /** The client's address as the deny policies saw it (handshake/client-address.ts). */
  clientAddress: string;
  /** The handshake's Origin header, if it had one. */
  origin: string | undefined;
  target: { endpoint: BackendEndpoint };
  gate: ThrottleGate | undefined;
  /** What the handshake's stages reserved, given back when the connection ends. */
  releases: (() => void)[];
  /** When the handshake began (performance.now()), for the debug log. */
  startedAt: number;
}

/** What every connection of this gateway is held to, whatever its API (lib/config.ts). */
export interface ConnectionLimits {
  /** Pings and pongs a client may send a minute; 0: no bound. */
  maxControlFramesPerMinute: number;
  /** Pings and pongs count against the plan's event limit. */
  controlFramesAreEvents: boolean;
  /** A side whose writes have not drained for this long is reset; 0 never. */
  stalledWriteTimeoutMs: number;
}

interface Live {
  identity: Identity;
  gate: ThrottleGate | undefined;
  route: RouteMatch;
  clientAddress: string;
  origin: string | undefined;
  releases: (() => void)[];
  openedAt: number;
  expiry: NodeJS.Timeout;
}

/** Milliseconds until `exp` (seconds), at most setTimeout's longest delay (2^31 - 1 ms, 24.8 days). */
function untilExpiry(exp: number): number {
  return Math.max(0, Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1));
}

function expireConnection(connections: Connections, relay: Relay, exp: number) {
  connections.expire(relay, exp);
}

export class Connections {
  /** "connection-end" once both sides of a relayed connection have closed. */
  readonly events = new EventEmitter<{ "connection-end": [] }>();
  readonly #live = new Map<Relay, Live>();
  #allEnded: (() => void) | undefined;

  constructor(private readonly parts: { usage: UsageRecorder; logger: Logger; limits: ConnectionLimits }) {}

  get size(): number {
    return this.#live.size;
  }

  /** Starts relaying an admitted handshake's connection. */
  open(a: Admitted): Relay {
    const { identity, route, backend } = a;
    const endpoint = a.target.endpoint;
    const relay: Relay = new Relay({
      client: a.socket,
      clientHead: a.head,
      backend: adopt(backend),
      backendHead: backend.head,
      idleTimeoutMs: endpoint.settings.idleTimeoutMs,
      gate: a.gate,
      apiId: route.api.id,
      maxMessageBytes: endpoint.settings.maxMessageBytes,
      compressed: backend.extensions !== "",
      maxControlFramesPerMinute: this.parts.limits.maxControlFramesPerMinute,
      controlFramesAreEvents: this.parts.limits.controlFramesAreEvents,
      stalledWriteTimeoutMs: this.parts.limits.stalledWriteTimeoutMs,
      // Most topics take both ways: those connections carry nothing for it.
      directions:
        route.topic.publish && route.topic.subscribe
          ? undefined
          : { topic: route.topic.name, publish: route.topic.publish, subscribe: route.topic.subscribe, action: route.api.runtime.wrongDirection },
      onEnd: (end) => this.end(relay, end),
    });
    const openedAt = performance.now();
    const exp = identity.claims.exp;
    this.#live.set(relay, { identity, gate: a.gate, route, clientAddress: a.clientAddress, origin: a.origin, releases: a.releases, openedAt, expiry: setTimeout(expireConnection, untilExpiry(exp), this, relay, exp) });
    this.parts.usage.opened(relay, route.api.id, identity.applicationId);
    const logger = this.parts.logger;
    if (logger.isLevelEnabled("debug")) {
      logger.debug({ event: "connected", application: identity.applicationId, api: route.api.id, handshakeMs: Math.round(openedAt - a.startedAt) }, "connected");
    }
    return relay;
  }

  /**
   * The token's life ends the connection's: RFC 6455 §7.4.1 1008, policy violation. A token
   * may outlive setTimeout's longest delay (tokens live up to a year): then it waits again.
   */
  expire(relay: Relay, exp: number): void {
    const live = this.#live.get(relay);
    if (live && exp * 1000 > Date.now()) live.expiry = setTimeout(expireConnection, untilExpiry(exp), this, relay, exp);
    else relay.close("gateway", 1008, live?.identity.apiKeyId ? "The API key has expired." : "The access token has expired.");
  }

  /**
   * A revoked token, deleted keys, a disabled user, a deny policy that now matches or a
   * subscription no longer active end open connections with 1008 as soon as the change's
   * snapshot lands; a subscription whose plan changed holds its connections to the new limits.
   */
  revalidate(snapshot: ConfigSnapshot): void {
    for (const [relay, { identity, route, clientAddress, origin, gate }] of this.#live) {
      const invalid = stillValidIn(snapshot, identity);
      if (invalid) {
        relay.close("gateway", 1008, invalid.message);
        continue;
      }
      if (deniedConnection(snapshot, { clientAddress, api: route.api, identity })) {
        relay.close("gateway", 1008, blockedCloseReason);
        continue;
      }
      const api = snapshot.routes.get(route.api.path);
      const served = api && api.id === relay.apiId ? api : undefined;
      const refused = served && runtimeRefuses(served.runtime, { clientAddress, origin });
      if (refused) {
        relay.close("gateway", 1008, refused);
        continue;
      }
      const grant = served && authorize(snapshot, served, identity);
      if (grant instanceof Refusal) relay.close("gateway", 1008, grant.error);
      else if (gate && grant?.subscription && grant.subscription.plan !== gate.plan) void gate.replan(grant.subscription.plan);
    }
  }

  /** Both sides have closed: what the handshake reserved is given back, and the connection logged. */
  end(relay: Relay, end: RelayEnd): void {
    const live = this.#live.get(relay);
    if (!live) return;
    this.#live.delete(relay);
    this.parts.usage.closed(relay, end);
    clearTimeout(live.expiry);
    for (let i = live.releases.length - 1; i >= 0; i--) live.releases[i]();
    const logger = this.parts.logger;
    // Built only when it will be written.
    if (logger.isLevelEnabled("info")) {
      const { identity, route } = live;
      logger.info(
        {
          event: "connection",
          application: { id: identity.applicationId, name: identity.applicationName },
          keyType: identity.keyType,
          api: { id: route.api.id, name: route.api.name, version: route.api.version },
          topic: route.topic.name,
          durationMs: Math.round(performance.now() - live.openedAt),
          ...end,
        },
        `${identity.applicationName} on ${route.api.name} ${route.api.version} closed by ${end.closedBy} (${end.code})`,
      );
    }
    this.events.emit("connection-end");
    if (this.#live.size === 0) this.#allEnded?.();
  }

  /**
   * Closes every connection with `code`, lets them finish their closing handshakes for up to
   * `graceMs`, then drops what is left.
   */
  async shutdown(code: number, reason: string, graceMs: number): Promise<void> {
    if (this.#live.size === 0) return;
    const ended = new Promise<void>((resolve) => (this.#allEnded = resolve));
    for (const relay of this.#live.keys()) relay.shutdown(code, reason);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([ended, grace]);
    clearTimeout(timer);
    for (const relay of this.#live.keys()) relay.terminate();
  }
}
