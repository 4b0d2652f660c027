// Events per time unit, counted per application and API in fixed windows (a minute plan
// counts from :00 to :59). take() is synchronous: the relay asks it per message and never
// waits. Alone, a gateway counts in memory. With Redis, each gateway adds its own counts to a
// shared key every `syncMs` and learns the others' total from the answer, so several gateways
// enforce one limit, overshooting by at most what they pass between two syncs.
import type { Redis } from "ioredis";
import type { TimeUnit } from "../../generated/prisma/enums";

export const windowMsOf: Record<TimeUnit, number> = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

export class EventBucket {
  window = -1;
  /** The shared total as Redis last answered it (this gateway's synced events included). */
  known = 0;
  /** Taken here and not yet added to the shared total. */
  pending = 0;
  /** Connections using it; a bucket nobody uses is dropped once its window is over. */
  users = 0;

  constructor(
    readonly key: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** One event: true when it is within the limit. */
  take(): boolean {
    const window = Math.floor(Date.now() / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.known = 0;
      this.pending = 0;
    }
    if (this.known + this.pending >= this.limit) return false;
    this.pending++;
    return true;
  }

  /** Milliseconds until the current window ends. */
  get resetsInMs(): number {
    return (this.window + 1) * this.windowMs - Date.now();
  }
}

const syncMs = 100;

export class EventLimiter {
  readonly #buckets = new Map<string, EventBucket>();
  readonly #timer: NodeJS.Timeout;
  #syncing: Promise<void> | undefined;

  constructor(private readonly redis?: Redis) {
    this.#timer = setInterval(() => void this.sync().catch(() => {}), redis ? syncMs : 60_000);
    this.#timer.unref();
  }

  #redisKey(bucket: EventBucket): string {
    return `duplex:events:${bucket.key}:${bucket.windowMs}:${bucket.window}`;
  }

  /** The bucket of `key` for a connection, which calls release() when it ends. With Redis, loaded with the shared count first. */
  async acquire(key: string, limit: number, windowMs: number): Promise<EventBucket> {
    const id = `${key} ${limit} ${windowMs}`;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = new EventBucket(key, limit, windowMs);
      this.#buckets.set(id, bucket);
    }
    bucket.users++;
    if (this.redis) {
      bucket.window = Math.floor(Date.now() / windowMs);
      const shared = Number((await this.redis.get(this.#redisKey(bucket))) ?? 0);
      if (shared > bucket.known) bucket.known = shared;
    }
    return bucket;
  }

  release(bucket: EventBucket): void {
    bucket.users--;
  }

  /** Adds this gateway's pending counts to Redis and reads the shared totals back. */
  sync(): Promise<void> {
    this.#syncing ??= this.#sync().finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  async #sync(): Promise<void> {
    const now = Date.now();
    const active: { bucket: EventBucket; window: number; sent: number }[] = [];
    for (const [id, bucket] of this.#buckets) {
      const current = Math.floor(now / bucket.windowMs);
      if (bucket.users === 0 && bucket.pending === 0 && bucket.window < current) {
        this.#buckets.delete(id);
        continue;
      }
      if (this.redis && bucket.window === current) active.push({ bucket, window: bucket.window, sent: bucket.pending });
    }
    if (!this.redis || active.length === 0) return;
    const batch = this.redis.multi();
    for (const { bucket, sent } of active) {
      const key = this.#redisKey(bucket);
      batch.incrby(key, sent);
      batch.pexpire(key, bucket.windowMs * 2);
    }
    const replies = (await batch.exec()) ?? [];
    active.forEach(({ bucket, window, sent }, i) => {
      const [error, total] = replies[2 * i] ?? [];
      if (error || bucket.window !== window) return;
      bucket.pending -= sent;
      bucket.known = Number(total);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.sync().catch(() => {});
  }
}
