// The handshake's stages, in the order they run: read top to bottom, as Kong orders its plugins
// by phase. Each is a function of what the stages before it found (handshake/stage.ts), in its
// own file, that returns what it finds or a Refusal. One that reserves something (a place under
// the plan's connection cap, its event bucket, the backend connection) returns its release():
// when a later stage refuses, the pipeline gives back what the earlier ones took, in reverse;
// once the connection is relayed, it is given back when the connection ends.
import type { Socket } from "node:net";
import type { IpRange } from "../lib/ip-ranges";
import type { BackendConnection } from "./backend/connect";
import { connectBackendStage, type BackendHost } from "./backend/connect-stage";
import { endpointSuspension, type EndpointSuspensions } from "./backend/suspension";
import { backendTargetStage, type BackendTarget } from "./backend/target";
import type { ConfigSnapshot } from "./config/snapshot";
import type { ConfigStore } from "./config/store";
import { answerClient } from "./handshake/answer-client";
import { authenticateStage, type Identity } from "./handshake/authenticate";
import { authorizeStage, type Grant } from "./handshake/authorize";
import { callerAssertionStage, type CallerAssertions } from "./handshake/caller-assertion";
import { checkUpgradeStage, type Upgrade } from "./handshake/check-upgrade";
import { clientAddressStage } from "./handshake/client-address";
import { gatewayReady } from "./handshake/gateway-ready";
import { Refusal } from "./handshake/refuse";
import type { RequestHead } from "./handshake/request-head";
import { resolveRouteStage, type RouteMatch } from "./handshake/resolve-route";
import { isRefusal, Reserved, type ClientGone, type Stage } from "./handshake/stage";
import { stillWaiting } from "./handshake/still-waiting";
import { apiAddressStage, originStage } from "./policies/api-runtime";
import { connectionCapStage, type ConnectionCounts } from "./policies/connection-cap";
import { denyCallerStage, denyPoliciesStage } from "./policies/deny-policies";
import type { EventLimiter } from "./policies/event-limiter";
import { throttleStage, type ThrottleAction, type ThrottleGate } from "./policies/throttle";

export const handshakeStages = [
  gatewayReady, //          503 gateway_stopping, not_ready
  checkUpgradeStage, //     400, 405: a WebSocket opening handshake (RFC 6455 §4.2.1)
  resolveRouteStage, //     404: an API, and a topic of it, at the path
  clientAddressStage, //    the client's address, trusted proxies' X-Forwarded-For honoured
  denyPoliciesStage, //     403 blocked: by the client's address or the API
  apiAddressStage, //       403 ip_not_allowed: the API's client address allow and deny lists
  originStage, //           403 origin_not_allowed: the API's allowed origins
  authenticateStage, //     401: a valid access token or API key (as the API takes), its user not disabled
  denyCallerStage, //       403 blocked: by the application or its owner
  authorizeStage, //        403: a subscription that lets the application in
  backendTargetStage, //    502: an endpoint for the token's key type
  stillWaiting, //          the client is still there, the gateway not stopping
  endpointSuspension, //    503: the endpoint is not suspended
  connectionCapStage, //    429: the plan's maxConnections (reserves a place)
  throttleStage, //         the plan's event bucket (reserved while the connection lives)
  callerAssertionStage, //  503: X-JWT-Assertion signed
  connectBackendStage, //   502, 503, 504: the backend's 101 (reserves its connection)
  answerClient, //          the client's 101
] as const satisfies readonly HandshakeStage[];

/** What the stages find, under the key each keeps it. */
export interface Findings {
  snapshot: ConfigSnapshot;
  upgrade: Upgrade;
  route: RouteMatch;
  clientAddress: string;
  origin: string | undefined;
  identity: Identity;
  grant: Grant;
  target: BackendTarget;
  limitsKey: string;
  gate: ThrottleGate | undefined;
  assertion: string;
  backend: BackendConnection;
}

/** The gateway as the stages see it. */
export interface PipelineGateway extends BackendHost {
  readonly stopping: boolean;
  store: Pick<ConfigStore, "current" | "settled">;
  suspensions: EndpointSuspensions;
  connectionCounts: ConnectionCounts;
  limiter: EventLimiter;
  throttleAction: ThrottleAction;
  callerAssertions: CallerAssertions;
  /** GATEWAY_TRUSTED_PROXIES: whose X-Forwarded-For names the client. */
  trustedProxies: readonly IpRange[];
}

/** One handshake on its way through the stages: the request, and each stage's finding under its key. */
export class Handshake implements Findings {
  readonly gateway: PipelineGateway;
  readonly request: RequestHead;
  readonly socket: Socket;
  /** The bytes that came after the request head: the client's first frames. */
  readonly head: Buffer;
  readonly startedAt = performance.now();
  /** What the stages took, in order. */
  readonly releases: (() => void)[] = [];
  // Set by the stages, in the list's order: a stage reads only what an earlier one found.
  snapshot!: ConfigSnapshot;
  upgrade!: Upgrade;
  route!: RouteMatch;
  clientAddress!: string;
  origin!: string | undefined;
  identity!: Identity;
  grant!: Grant;
  target!: BackendTarget;
  limitsKey!: string;
  gate!: ThrottleGate | undefined;
  assertion!: string;
  backend!: BackendConnection;

  constructor(start: { gateway: PipelineGateway; request: RequestHead; socket: Socket; head: Buffer }) {
    this.gateway = start.gateway;
    this.request = start.request;
    this.socket = start.socket;
    this.head = start.head;
  }
}

export type HandshakeStage = { [K in keyof Findings]: Stage<Handshake, K, Findings[K]> }[keyof Findings] | Stage<Handshake, undefined, undefined>;

// How long a handshake about to be refused waits for the reloads under way.
const settleMs = 2000;

function releaseFrom(releases: (() => void)[], from: number): void {
  for (let i = releases.length - 1; i >= from; i--) releases[i]();
  releases.length = from;
}

/**
 * The stages as one function of a handshake, which resolves once they have all passed, or with
 * the refusal (or the client gone) that ended it, everything the stages took given back.
 *
 * A client that just generated its keys, subscribed or published may be faster than the
 * change's reload: before a stage that reads the snapshot refuses (other than 503), the reloads
 * under way finish and, on a newer snapshot, the stages from the first such one run again, once.
 */
export function pipelineOf(stages: readonly HandshakeStage[]): (h: Handshake) => Promise<Handshake | Refusal | ClientGone> {
  const firstReadingSnapshot = stages.findIndex((s) => s.readsSnapshot);
  return async function admit(h) {
    const releases = h.releases;
    let heldBeforeThem = 0;
    let lookedAgain = false;
    try {
      for (let i = 0; i < stages.length; i++) {
        const stage = stages[i];
        if (i === firstReadingSnapshot) heldBeforeThem = releases.length;
        let outcome = stage.run(h);
        if (outcome instanceof Promise) outcome = await outcome;
        if (outcome instanceof Reserved) {
          releases.push(outcome.release);
          outcome = outcome.value;
        } else if (isRefusal(outcome)) {
          if (stage.readsSnapshot && !lookedAgain && outcome instanceof Refusal && outcome.status !== 503) {
            lookedAgain = true;
            const settled = await h.gateway.store.settled(settleMs);
            if (settled && settled !== h.snapshot) {
              h.snapshot = settled;
              releaseFrom(releases, heldBeforeThem);
              i = firstReadingSnapshot - 1;
              continue;
            }
          }
          releaseFrom(releases, 0);
          return outcome;
        }
        if (stage.key !== undefined) (h as unknown as Record<string, unknown>)[stage.key] = outcome;
      }
    } catch (e) {
      releaseFrom(releases, 0);
      throw e;
    }
    return h;
  };
}

export const admit = pipelineOf(handshakeStages);
