// The plan's limits on a connection: events per time unit (both directions, per application
// and API) and concurrent connections. Over the event limit a message is dropped, and the
// client gets one notice frame per window; or, with GATEWAY_THROTTLE_ACTION=close, the
// connection closes with 4429.
import type { Plan } from "../config/snapshot";
import type { Grant } from "../handshake/authorize";
import { Reserved, stage } from "../handshake/stage";
import type { MessageGate, Relay } from "../relay/relay";
import { windowMsOf, type EventBucket, type EventLimiter } from "./event-limiter";

export type ThrottleAction = "drop" | "close";

/** Ours, in the 4000–4999 range RFC 6455 §7.4.2 leaves to applications: 4429 as in HTTP 429. */
export const throttledCloseCode = 4429;

export class ThrottleGate implements MessageGate {
  #noticeWindow = -1;

  constructor(
    readonly bucket: EventBucket,
    private readonly action: ThrottleAction,
    private readonly plan: Plan,
  ) {}

  // Written when first needed: most connections never reach their limit.
  get #notice(): string {
    const plan = this.plan;
    return JSON.stringify({
      error: "throttled",
      message: `The ${plan.name} plan allows ${plan.eventCount} events per ${plan.timeUnit.toLowerCase()}; messages are dropped until the next ${plan.timeUnit.toLowerCase()}.`,
    });
  }

  admit(relay: Relay, _fromClient: boolean): boolean {
    if (this.bucket.take()) return true;
    relay.throttled++;
    if (this.action === "close") {
      relay.close("gateway", throttledCloseCode, "Event limit reached");
    } else if (this.#noticeWindow !== this.bucket.window) {
      this.#noticeWindow = this.bucket.window;
      relay.notify(this.#notice);
    }
    return false;
  }
}

export async function throttleGate(limiter: EventLimiter, key: string, plan: Plan | undefined, action: ThrottleAction): Promise<ThrottleGate | undefined> {
  if (!plan || plan.eventCount === null) return undefined;
  const bucket = await limiter.acquire(key, plan.eventCount, windowMsOf[plan.timeUnit]);
  return new ThrottleGate(bucket, action, plan);
}

/** The plan's event bucket for this application and API, held while the connection lives; none without an event limit. */
export const throttleStage = stage(
  "gate",
  async (h: { limitsKey: string; grant: Grant; gateway: { limiter: EventLimiter; throttleAction: ThrottleAction } }) => {
    const { limiter, throttleAction } = h.gateway;
    const gate = await throttleGate(limiter, h.limitsKey, h.grant.subscription?.plan, throttleAction);
    return gate ? new Reserved<ThrottleGate | undefined>(gate, limiter.release.bind(limiter, gate.bucket)) : undefined;
  },
);
