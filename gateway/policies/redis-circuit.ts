// Whether the plans' limits are shared through Redis right now. A Redis that is down must cost
// neither a handshake nor a message anything: while its connection is not ready, or since a
// command on a ready connection failed or timed out, the circuit is open and the limits are
// counted by this gateway alone, at once. It closes again in the background: ioredis
// reconnects by itself (and says "ready"), and a connection that stopped answering is probed
// with a PING every `probeMs` until one answers.
import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";

export class RedisCircuit extends EventEmitter<{ change: [up: boolean] }> {
  #up = false;
  /** A command failed on a connection that looks ready: not trusted until a PING answers. */
  #suspect = false;
  #probe: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    readonly redis: Redis,
    private readonly probeMs = 1000,
  ) {
    super();
    redis.on("ready", () => {
      this.#suspect = false;
      this.#update();
    });
    redis.on("close", () => this.#update());
    redis.on("end", () => this.#update());
    this.#update();
  }

  /** Limits may be shared through Redis: checked per handshake and per message, so a field read. */
  get up(): boolean {
    return this.#up;
  }

  /** A command failed: on a connection that looks ready, it is probed until it answers. */
  failed(_error: Error): void {
    if (this.#closed || this.redis.status !== "ready") return this.#update();
    this.#suspect = true;
    this.#update();
    this.#probe ??= setInterval(() => this.#ping(), this.probeMs);
    this.#probe.unref();
  }

  #ping(): void {
    this.redis.ping().then(
      () => {
        this.#suspect = false;
        this.#update();
      },
      () => {},
    );
  }

  #update(): void {
    const up = !this.#closed && !this.#suspect && this.redis.status === "ready";
    if (!this.#suspect && this.#probe) {
      clearInterval(this.#probe);
      this.#probe = undefined;
    }
    if (up === this.#up) return;
    this.#up = up;
    this.emit("change", up);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#probe);
    this.#probe = undefined;
    this.#update();
  }
}
