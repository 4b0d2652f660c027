// The plan's limits on a connection: events per time unit (both directions, per application
// and API) and concurrent connections. Over the event limit a message is dropped, and the
// client gets one notice frame per window; or, with GATEWAY_THROTTLE_ACTION=close, the
// connection closes with 4429.
import type { Plan } from "../config/snapshot";
import type { MessageGate, Relay } from "../relay";
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

// The connection cap lives in its own file; server.ts takes it from here.
