// An endpoint that failed to connect (every retry spent) is suspended: new connections are
// refused with 503 at once instead of each waiting out the failure. Each further failure
// multiplies the suspension by the endpoint's factor, up to its maximum; a success ends it.
import type { EndpointConfig } from "../../lib/endpoint-config";
import { refusal } from "../handshake/refuse";
import { check } from "../handshake/stage";
import type { BackendTarget } from "./target";

interface EndpointState {
  /** The last suspension's length; the next failure multiplies it. */
  durationMs: number;
  until: number;
}

export class EndpointSuspensions {
  readonly #states = new Map<string, EndpointState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds the endpoint stays suspended; 0 when it may be tried. */
  remainingMs(key: string): number {
    const state = this.#states.get(key);
    if (!state) return 0;
    return Math.max(0, state.until - this.now());
  }

  /** Records a failed connect; returns the suspension it starts (0: none). */
  failed(key: string, settings: EndpointConfig["suspension"]): number {
    if (settings.initialDurationMs === 0) return 0;
    const previous = this.#states.get(key);
    const durationMs = previous
      ? Math.min(Math.max(previous.durationMs * settings.factor, settings.initialDurationMs), settings.maxDurationMs)
      : Math.min(settings.initialDurationMs, settings.maxDurationMs);
    this.#states.set(key, { durationMs, until: this.now() + durationMs });
    return durationMs;
  }

  succeeded(key: string): void {
    this.#states.delete(key);
  }
}

export const endpointSuspension = check((h: { target: BackendTarget; gateway: { suspensions: EndpointSuspensions } }) => {
  const suspendedMs = h.gateway.suspensions.remainingMs(h.target.endpoint.key);
  if (suspendedMs <= 0) return undefined;
  const seconds = Math.ceil(suspendedMs / 1000);
  return refusal(503, "backend_suspended", `The API's backend failed to connect and is suspended for ${seconds} more second${seconds === 1 ? "" : "s"}.`, seconds);
});
