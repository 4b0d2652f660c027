// The plan's limits on a connection, per application and API, both directions together:
// events per time unit, burst control (at most N events per second or minute inside that
// window, as WSO2 4.3+), and bandwidth (payload bytes per time unit). Over a limit a message
// is dropped and the client gets one notice frame per window of the limit it hit; or, with the
// plan's action (or GATEWAY_THROTTLE_ACTION) `close`, the connection closes with 4429.
//
// A connection's gate follows its plan: when a new snapshot gives its subscription other
// limits (an admin edits the plan, the subscription moves to another), replan() leases the new
// buckets and swaps them in, so open connections are held to the new limits too.
import { throttleActionOf } from "../../lib/plans";
import type { Plan } from "../config/snapshot";
import type { Grant } from "../handshake/authorize";
import { Reserved, stage } from "../handshake/stage";
import type { MessageGate, Relay } from "../relay/relay";
import { windowMsOf, type EventBucket, type EventLimiter } from "./event-limiter";

export type ThrottleAction = "drop" | "close";

/** Ours, in the 4000–4999 range RFC 6455 §7.4.2 leaves to applications: 4429 as in HTTP 429. */
export const throttledCloseCode = 4429;

type Kind = "events" | "burst" | "bandwidth";

/** The buckets a plan's limits take, each leased from the limiter. */
export interface Buckets {
  events: EventBucket | undefined;
  burst: EventBucket | undefined;
  bandwidth: EventBucket | undefined;
}

const closeReasons: Record<Kind, string> = { events: "Event limit reached", burst: "Burst limit reached", bandwidth: "Bandwidth limit reached" };

/** Identifies what a plan's limits lease, to tell whether a new plan needs new buckets. */
function limitsOf(plan: Plan): string {
  const { eventCount, timeUnit, burst, bandwidth } = plan;
  return `${eventCount}/${timeUnit} ${burst ? `${burst.limit}/${burst.unit}` : "-"} ${bandwidth ? `${bandwidth.bytes}/${bandwidth.unit}` : "-"}`;
}

/** The plan's buckets; at once when none needs a lease from Redis. */
function leaseBuckets(limiter: EventLimiter, key: string, plan: Plan): Buckets | Promise<Buckets> {
  const { eventCount, burst, bandwidth } = plan;
  const events = eventCount === null ? undefined : limiter.acquire(key, eventCount, windowMsOf[plan.timeUnit]);
  const burstBucket = burst ? limiter.acquire(`burst ${key}`, burst.limit, windowMsOf[burst.unit]) : undefined;
  const bandwidthBucket = bandwidth ? limiter.acquire(`bytes ${key}`, bandwidth.bytes, windowMsOf[bandwidth.unit]) : undefined;
  if (events instanceof Promise || burstBucket instanceof Promise || bandwidthBucket instanceof Promise) {
    return Promise.all([events, burstBucket, bandwidthBucket]).then(([e, b, w]) => ({ events: e, burst: b, bandwidth: w }));
  }
  return { events, burst: burstBucket, bandwidth: bandwidthBucket };
}

function releaseBuckets(limiter: EventLimiter, b: Buckets): void {
  if (b.events) limiter.release(b.events);
  if (b.burst) limiter.release(b.burst);
  if (b.bandwidth) limiter.release(b.bandwidth);
}

export class ThrottleGate implements MessageGate {
  #plan: Plan;
  #action: ThrottleAction;
  #events: EventBucket | undefined;
  #burst: EventBucket | undefined;
  #bandwidth: EventBucket | undefined;
  // The window of each kind's last notice: one per window.
  #eventsNotice = -1;
  #burstNotice = -1;
  #bandwidthNotice = -1;
  /** Counts replans, so that only the latest one's buckets are kept. */
  #replans = 0;
  #released = false;

  readonly #limiter: EventLimiter;
  readonly #gatewayDefault: ThrottleAction;
  /** The application and API the limits count for. */
  readonly key: string;

  constructor(options: { limiter: EventLimiter; key: string; plan: Plan; buckets: Buckets; gatewayDefault: ThrottleAction }) {
    const { plan, buckets } = options;
    this.#limiter = options.limiter;
    this.#gatewayDefault = options.gatewayDefault;
    this.key = options.key;
    this.#plan = plan;
    this.#action = throttleActionOf(plan, options.gatewayDefault);
    this.#events = buckets.events;
    this.#burst = buckets.burst;
    this.#bandwidth = buckets.bandwidth;
  }

  get plan(): Plan {
    return this.#plan;
  }

  admit(relay: Relay, _fromClient: boolean): boolean {
    // Bandwidth first, as it takes nothing; then burst, so that a burst refusal spends none of the window.
    const bandwidth = this.#bandwidth;
    if (bandwidth && !bandwidth.take(0)) return this.#refuse(relay, "bandwidth", bandwidth);
    const burst = this.#burst;
    if (burst && !burst.take()) return this.#refuse(relay, "burst", burst);
    const events = this.#events;
    if (events && !events.take()) return this.#refuse(relay, "events", events);
    return true;
  }

  charge(payloadBytes: number): void {
    this.#bandwidth?.charge(payloadBytes);
  }

  #refuse(relay: Relay, kind: Kind, bucket: EventBucket): false {
    relay.throttled++;
    if (this.#action === "close") {
      relay.close("gateway", throttledCloseCode, closeReasons[kind]);
    } else if (this.#lastNotice(kind) !== bucket.window) {
      if (kind === "events") this.#eventsNotice = bucket.window;
      else if (kind === "burst") this.#burstNotice = bucket.window;
      else this.#bandwidthNotice = bucket.window;
      relay.notify(this.#notice(kind));
    }
    return false;
  }

  #lastNotice(kind: Kind): number {
    return kind === "events" ? this.#eventsNotice : kind === "burst" ? this.#burstNotice : this.#bandwidthNotice;
  }

  // Written when first needed: most connections never reach their limit.
  #notice(kind: Kind): string {
    const plan = this.#plan;
    const [allowed, unit] =
      kind === "burst" && plan.burst
        ? [`at most ${plan.burst.limit} events per ${plan.burst.unit.toLowerCase()}`, plan.burst.unit]
        : kind === "bandwidth" && plan.bandwidth
          ? [`${plan.bandwidth.label} per ${plan.bandwidth.unit.toLowerCase()}`, plan.bandwidth.unit]
          : [`${plan.eventCount} events per ${plan.timeUnit.toLowerCase()}`, plan.timeUnit];
    return JSON.stringify({ error: "throttled", message: `The ${plan.name} plan allows ${allowed}; messages are dropped until the next ${unit.toLowerCase()}.` });
  }

  /**
   * The subscription's plan is now `plan`: the action applies at once, new limits once their
   * buckets are leased (until then the old ones hold).
   */
  async replan(plan: Plan): Promise<void> {
    const before = this.#plan;
    this.#plan = plan;
    this.#action = throttleActionOf(plan, this.#gatewayDefault);
    if (limitsOf(plan) === limitsOf(before)) return;
    const replan = ++this.#replans;
    const buckets = await leaseBuckets(this.#limiter, this.key, plan);
    if (replan !== this.#replans || this.#released) return releaseBuckets(this.#limiter, buckets);
    releaseBuckets(this.#limiter, { events: this.#events, burst: this.#burst, bandwidth: this.#bandwidth });
    this.#events = buckets.events;
    this.#burst = buckets.burst;
    this.#bandwidth = buckets.bandwidth;
  }

  /** The connection ended: its buckets are given back. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    releaseBuckets(this.#limiter, { events: this.#events, burst: this.#burst, bandwidth: this.#bandwidth });
  }
}

export function throttleGate(limiter: EventLimiter, key: string, plan: Plan | undefined, action: ThrottleAction): ThrottleGate | Promise<ThrottleGate> | undefined {
  if (!plan) return undefined;
  const gate = (buckets: Buckets) => new ThrottleGate({ limiter, key, plan, buckets, gatewayDefault: action });
  const buckets = leaseBuckets(limiter, key, plan);
  return buckets instanceof Promise ? buckets.then(gate) : gate(buckets);
}

const reserved = (gate: ThrottleGate) => new Reserved<ThrottleGate | undefined>(gate, () => gate.release());

/**
 * The plan's buckets for this application and API, held while the connection lives. Every
 * subscribed connection has a gate, a plan without limits too: an admin may give it some.
 */
export const throttleStage = stage("gate", (h: { limitsKey: string; grant: Grant; gateway: { limiter: EventLimiter; throttleAction: ThrottleAction } }) => {
  const gate = throttleGate(h.gateway.limiter, h.limitsKey, h.grant.subscription?.plan, h.gateway.throttleAction);
  if (gate === undefined) return undefined;
  return gate instanceof Promise ? gate.then(reserved) : reserved(gate);
});
