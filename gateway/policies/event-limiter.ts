// Events per time unit, counted per application and API in fixed windows (a minute plan counts
// from :00 to :59). take() is synchronous: the relay asks it per message and never waits.
//
// Alone, a gateway counts in memory, exactly. With Redis, the gateways share each window's
// budget by leasing it: one script hands a gateway a share of what is left of the window's
// budget (a quarter of it, at least `minShare` events or all that is left) and adds the share
// to the window's total in the same step, so the shares handed out never add up to more than
// the limit, however the load is spread over gateways. A gateway passes events out of its
// shares, and asks for the next share when half of the last one is used. While that answer is
// on its way it may pass up to `creditOf(limit)` events beyond its shares, which the next share
// pays for: the limit can be overshot by at most that many events per gateway process and
// window, and only when the budget ran out meanwhile. Shares a gateway leased and did not use
// by the window's end are not given to others: the limit can be undershot by at most what
// gateways held unused (for a limit under 4 × minShare, a gateway may hold all of it).
//
// While Redis is unreachable (redis-circuit.ts) each gateway counts alone, up to the limit;
// what it passed meanwhile is added to the window's total by its next lease.
import type { Redis } from "ioredis";
import type { TimeUnit } from "../../generated/prisma/enums";
import type { RedisCircuit } from "./redis-circuit";

export const windowMsOf: Record<TimeUnit, number> = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/**
 * The smallest share a lease hands out (or what is left, if less). With shares of one event a
 * small limit leased per event, and a message whose echo came back before its lease was
 * answered was refused while the budget still had room (a 4-events plan passed 3).
 */
export const minShare = 16;

/** Events a gateway may pass beyond its shares while its next lease is on its way: 1 % of the limit, at least one. */
export function creditOf(limit: number): number {
  return Math.max(1, Math.floor(limit / 100));
}

// KEYS[1] the window's total; ARGV: the limit, the events this gateway passed beyond its
// shares (paid first), the key's TTL (ms), the smallest share. Returns { granted, the window's total after }.
const leaseScript = `
local limit = tonumber(ARGV[1])
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
local remaining = limit - total
if remaining <= 0 then return {0, total} end
local grant = math.min(remaining, tonumber(ARGV[2]) + math.max(tonumber(ARGV[4]), math.ceil(remaining / 4)))
total = redis.call('INCRBY', KEYS[1], grant)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {grant, total}`;

/** Where a bucket gets its shares: the limiter. */
export interface ShareSource {
  /** Limits are shared through Redis now. */
  readonly shared: boolean;
  /** Asks for the bucket's next share, unless one is on its way. */
  lease(bucket: EventBucket): Promise<void>;
}

const alone: ShareSource = { shared: false, lease: () => Promise.resolve() };

export class EventBucket {
  window = -1;
  /** Events this gateway passed in the window. */
  used = 0;
  /** Events Redis granted this gateway in the window. */
  granted = 0;
  /** The last share granted: the next is asked for when half of it is left. */
  lastShare = 0;
  /** Redis said the window's budget is spent: nothing more passes on credit. */
  exhausted = false;
  /** The lease on its way, if one is. */
  leasing: Promise<void> | undefined;
  /** Connections using it; a bucket nobody uses is dropped once its window is over. */
  users = 0;
  /** The application and API it counts for. */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly credit: number;
  readonly #source: ShareSource;

  /** Without `source`, it counts in this process alone. */
  constructor(options: { key: string; limit: number; windowMs: number; source?: ShareSource }) {
    this.key = options.key;
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#source = options.source ?? alone;
    this.credit = creditOf(options.limit);
  }

  /** Moves to the window of `now`, if it is a new one. */
  current(now: number): void {
    const window = Math.floor(now / this.windowMs);
    if (window === this.window) return;
    this.window = window;
    this.used = 0;
    this.granted = 0;
    this.lastShare = 0;
    this.exhausted = false;
  }

  /**
   * `n` events (or bytes): true when the window still has room, and then they are counted.
   * take(0) asks only whether there is room: a bandwidth bucket admits a message so, and
   * charge()s its frames as they pass.
   */
  take(n = 1): boolean {
    this.current(Date.now());
    if (this.used >= this.limit) return false;
    if (!this.#source.shared) {
      this.used += n;
      return true;
    }
    const left = this.granted - this.used;
    if (left <= 0 && (this.exhausted || -left >= this.credit)) {
      if (!this.exhausted) void this.#source.lease(this);
      return false;
    }
    this.used += n;
    if (left - n <= this.lastShare >> 1) void this.#source.lease(this);
    return true;
  }

  /** Counts `n` that passed whatever the room (the rest of a message already admitted). */
  charge(n: number): void {
    this.current(Date.now());
    this.used += n;
    if (this.#source.shared && this.granted - this.used <= this.lastShare >> 1) void this.#source.lease(this);
  }

  /** Milliseconds until the current window ends. */
  get resetsInMs(): number {
    return (this.window + 1) * this.windowMs - Date.now();
  }
}

export class EventLimiter implements ShareSource {
  readonly #buckets = new Map<string, EventBucket>();
  /** The newest bucket of each application and API per window length, whatever its limit: what a new limit carries over from. */
  readonly #latest = new Map<string, EventBucket>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly redis?: Redis,
    private readonly circuit?: RedisCircuit,
  ) {
    // Buckets nobody uses any more are dropped once their window is over.
    this.#timer = setInterval(() => this.#forgetUnused(), 60_000);
    this.#timer.unref();
    // Back from an outage: what was counted alone meanwhile is added to the shared totals.
    circuit?.on("change", (up) => {
      if (up) for (const bucket of this.#buckets.values()) if (bucket.used > bucket.granted) void this.lease(bucket);
    });
  }

  get shared(): boolean {
    return this.circuit?.up ?? false;
  }

  #redisKey(bucket: EventBucket, window = bucket.window): string {
    return `duplex:events:${bucket.key}:${bucket.windowMs}:${window}`;
  }

  /**
   * The bucket of `key` for a connection, which calls release() when it ends; with Redis, holding
   * a share of the window first. Alone, it answers at once (no promise: a handshake awaits nothing it need not).
   */
  acquire(key: string, limit: number, windowMs: number): EventBucket | Promise<EventBucket> {
    const id = `${key} ${limit} ${windowMs}`;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = new EventBucket({ key, limit, windowMs, source: this });
      this.#carryOver(bucket);
      this.#buckets.set(id, bucket);
      this.#latest.set(`${key} ${windowMs}`, bucket);
    }
    bucket.users++;
    bucket.current(Date.now());
    if (this.shared && bucket.granted <= bucket.used && !bucket.exhausted) {
      const leased = bucket;
      return this.lease(bucket).then(() => leased);
    }
    return bucket;
  }

  /**
   * A plan changed to another limit over the same window (an admin edited it, or the
   * subscription moved): what was counted in this window under the old limit counts under the
   * new one, shares leased included, so that lowering a limit does not start the window afresh.
   */
  #carryOver(bucket: EventBucket): void {
    const before = this.#latest.get(`${bucket.key} ${bucket.windowMs}`);
    const window = Math.floor(Date.now() / bucket.windowMs);
    if (!before || before.window !== window) return;
    bucket.window = window;
    bucket.used = before.used;
    bucket.granted = before.granted;
    bucket.lastShare = before.lastShare;
    // Whether the window's budget is spent under the new limit, the next lease says.
  }

  release(bucket: EventBucket): void {
    bucket.users--;
  }

  lease(bucket: EventBucket): Promise<void> {
    if (bucket.leasing) return bucket.leasing;
    if (!this.redis || !this.shared || bucket.exhausted) return Promise.resolve();
    const window = bucket.window;
    const owed = Math.max(0, bucket.used - bucket.granted);
    const leasing = (this.redis.eval(leaseScript, 1, this.#redisKey(bucket), bucket.limit, owed, bucket.windowMs * 2, minShare) as Promise<[number, number]>).then(
      ([grant, total]) => {
        if (bucket.window !== window) return;
        bucket.granted += grant;
        bucket.lastShare = grant - owed;
        bucket.exhausted = total >= bucket.limit;
      },
      (e: Error) => this.circuit?.failed(e),
    );
    bucket.leasing = leasing;
    return leasing.finally(() => {
      bucket.leasing = undefined;
      // Events passed on credit while it was on its way are paid for by the next.
      if (bucket.window === window && bucket.used > bucket.granted && !bucket.exhausted && this.shared) return this.lease(bucket);
    });
  }

  /** Resolves once every lease on its way has been answered (what this gateway counted is in Redis). */
  async sync(): Promise<void> {
    for (;;) {
      const leasing = [...this.#buckets.values()].map((b) => b.leasing).filter((l) => l !== undefined);
      if (leasing.length === 0) return;
      await Promise.allSettled(leasing);
    }
  }

  #forgetUnused(): void {
    const now = Date.now();
    for (const [id, bucket] of this.#buckets) {
      if (bucket.users === 0 && !bucket.leasing && bucket.window < Math.floor(now / bucket.windowMs)) {
        this.#buckets.delete(id);
        const latest = `${bucket.key} ${bucket.windowMs}`;
        if (this.#latest.get(latest) === bucket) this.#latest.delete(latest);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.sync();
  }
}
