// Sliding-window rate limits shared by every portal process: at most `max` counted hits in any
// `windowMs`, not per fixed bucket (a fixed bucket lets 2 × max through across its edge). Each
// hit is one timestamped entry: a sorted set in Redis when REDIS_URL is set, rows of
// RateLimitHit in PostgreSQL otherwise, never process memory, so several portals enforce one
// limit. Both count on their server's clock, not the callers', and a hit is one atomic step
// (a Lua script; a transaction holding an advisory lock on the bucket), so two processes cannot
// both take the last place. While Redis fails, hits go to PostgreSQL instead.
import { createHash, randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { config } from "./config";
import { db } from "./db";
import { DuplexError } from "./errors";
import { logger } from "./logger";

export interface RateLimit {
  /** What is limited, e.g. "signin-username": part of every key, so limits never share counts. */
  name: string;
  max: number;
  windowMs: number;
}

export type LimitCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A counted hit. `release()` takes it back (an attempt that turned out not to count, e.g. a right password). */
export type Hit = { allowed: true; release(): Promise<void> } | { allowed: false; retryAfterMs: number };

export interface RateLimitStore {
  /** Counts one hit unless the window already holds `max`. */
  hit(bucket: string, limit: RateLimit): Promise<Hit>;
  /** Whether a hit would be allowed now, without counting one. */
  check(bucket: string, limit: RateLimit): Promise<LimitCheck>;
}

/** Refused: too many hits. Routes answer 429 with Retry-After; server actions show the message. */
export class TooManyAttempts extends DuplexError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", message);
    this.name = "TooManyAttempts";
  }
}

export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** "14 minutes", "40 seconds": how long a person waits, rounded up. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

// What is counted (usernames, addresses) is kept as a hash: the counters say how often, not who.
function bucketOf(limit: RateLimit, key: string): string {
  return `${limit.name}:${createHash("sha256").update(key).digest("base64url").slice(0, 32)}`;
}

export async function hitLimit(limit: RateLimit, key: string, store = rateLimitStore()): Promise<Hit> {
  return store.hit(bucketOf(limit, key), limit);
}

export async function checkLimit(limit: RateLimit, key: string, store = rateLimitStore()): Promise<LimitCheck> {
  return store.check(bucketOf(limit, key), limit);
}

/**
 * One hit on each limit, all or none: when one is refused, the others are taken back. The
 * refusal waits as long as the longest. Entries without a key (an unknown address) are skipped.
 */
export async function hitLimits(entries: { limit: RateLimit; key: string | undefined }[], store = rateLimitStore()): Promise<Hit> {
  const hits = await Promise.all(entries.filter((e) => e.key !== undefined).map((e) => hitLimit(e.limit, e.key!, store)));
  const refused = hits.filter((h) => !h.allowed);
  const counted = hits.filter((h) => h.allowed);
  const release = () => Promise.all(counted.map((h) => h.release())).then(() => {});
  if (refused.length) {
    await release();
    return { allowed: false, retryAfterMs: Math.max(...refused.map((h) => h.retryAfterMs)) };
  }
  return { allowed: true, release };
}

/** Whether every limit would take a hit now; when not, how long until all would. */
export async function checkLimits(entries: { limit: RateLimit; key: string | undefined }[], store = rateLimitStore()): Promise<LimitCheck> {
  const checks = await Promise.all(entries.filter((e) => e.key !== undefined).map((e) => checkLimit(e.limit, e.key!, store)));
  const refused = checks.filter((c) => !c.allowed);
  return refused.length ? { allowed: false, retryAfterMs: Math.max(...refused.map((c) => c.retryAfterMs)) } : { allowed: true };
}

// KEYS[1] the bucket's sorted set (score: the hit's time in ms); ARGV: window ms, max, the new
// hit's member ('' to check only). Returns {1, count} when allowed, {0, ms until allowed}.
const hitScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n >= max then
  local edge = redis.call('ZRANGE', KEYS[1], n - max, n - max, 'WITHSCORES')
  return {0, tonumber(edge[2]) + window - now}
end
if ARGV[3] ~= '' then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
end
return {1, n + 1}`;

const redisPrefix = "duplex:rate:";

export class RedisRateLimitStore implements RateLimitStore {
  constructor(readonly redis: Redis) {}

  async hit(bucket: string, limit: RateLimit): Promise<Hit> {
    const member = randomBytes(9).toString("base64url");
    const key = redisPrefix + bucket;
    const [allowed, value] = (await this.redis.eval(hitScript, 1, key, limit.windowMs, limit.max, member)) as [number, number];
    if (!allowed) return { allowed: false, retryAfterMs: value };
    return { allowed: true, release: async () => void (await this.redis.zrem(key, member)) };
  }

  async check(bucket: string, limit: RateLimit): Promise<LimitCheck> {
    const [allowed, value] = (await this.redis.eval(hitScript, 1, redisPrefix + bucket, limit.windowMs, limit.max, "")) as [number, number];
    return allowed ? { allowed: true } : { allowed: false, retryAfterMs: value };
  }
}

export class PostgresRateLimitStore implements RateLimitStore {
  #lastSweep = 0;

  /** `sweepEveryMs`: how often a hit also deletes every bucket's dead rows (a bucket's own go at each hit). */
  constructor(private readonly sweepEveryMs = 60_000) {}

  async hit(bucket: string, limit: RateLimit): Promise<Hit> {
    const result = await this.#count(bucket, limit, true);
    void this.#maybeSweep();
    if ("retryAfterMs" in result) return { allowed: false, retryAfterMs: result.retryAfterMs };
    const id = result.id;
    return { allowed: true, release: async () => void (await db.$executeRaw`DELETE FROM "RateLimitHit" WHERE id = ${id}`) };
  }

  async check(bucket: string, limit: RateLimit): Promise<LimitCheck> {
    const result = await this.#count(bucket, limit, false);
    return "retryAfterMs" in result ? { allowed: false, retryAfterMs: result.retryAfterMs } : { allowed: true };
  }

  /** Deletes the rows of every bucket whose window has passed. */
  async sweep(): Promise<number> {
    return db.$executeRaw`DELETE FROM "RateLimitHit" WHERE "expiresAt" <= clock_timestamp()`;
  }

  #count(bucket: string, limit: RateLimit, record: boolean): Promise<{ retryAfterMs: number } | { id: bigint | null }> {
    return db.$transaction(async (tx) => {
      // One bucket's hits are counted and added by one transaction at a time, in every process.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${bucket}, 7001))`;
      await tx.$executeRaw`DELETE FROM "RateLimitHit" WHERE bucket = ${bucket} AND "expiresAt" <= clock_timestamp()`;
      // The newest `max` hits in the window: once the oldest of them leaves it, one more is allowed.
      const rows = await tx.$queryRaw<{ ms: number }[]>`
        SELECT (EXTRACT(EPOCH FROM ("expiresAt" - clock_timestamp())) * 1000)::float8 AS ms FROM "RateLimitHit"
        WHERE bucket = ${bucket} ORDER BY at DESC LIMIT ${limit.max}`;
      if (rows.length >= limit.max) return { retryAfterMs: Math.max(0, Math.ceil(rows[limit.max - 1].ms)) };
      if (!record) return { id: null };
      const [row] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO "RateLimitHit" (bucket, at, "expiresAt")
        VALUES (${bucket}, clock_timestamp(), clock_timestamp() + ${limit.windowMs} * interval '1 millisecond')
        RETURNING id`;
      return { id: row.id };
    });
  }

  async #maybeSweep(): Promise<void> {
    if (Date.now() - this.#lastSweep < this.sweepEveryMs) return;
    this.#lastSweep = Date.now();
    await this.sweep().catch((e: Error) => logger.warn({ err: e.message }, "rate limit sweep failed"));
  }
}

/** Redis first; when a call to it fails, PostgreSQL for that call (both count; the limit is never lifted). */
export class FallbackRateLimitStore implements RateLimitStore {
  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore,
  ) {}

  hit(bucket: string, limit: RateLimit): Promise<Hit> {
    return this.primary.hit(bucket, limit).catch((e: Error) => {
      logger.warn({ event: "rate_limit_redis_error", err: e.message }, "Redis unreachable; rate limits are counted in PostgreSQL meanwhile");
      return this.fallback.hit(bucket, limit);
    });
  }

  check(bucket: string, limit: RateLimit): Promise<LimitCheck> {
    return this.primary.check(bucket, limit).catch(() => this.fallback.check(bucket, limit));
  }
}

export function redisForRateLimits(url: string): Redis {
  // Fail fast rather than hold a sign-in while Redis is away: the fallback answers instead.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
  redis.on("error", (e) => logger.warn({ event: "redis_error", err: e.message }, "Redis unreachable"));
  return redis;
}

// Next's dev server re-evaluates modules on every change; keep one store (and one Redis connection) across reloads.
const holder = globalThis as unknown as { duplexRateLimitStore?: RateLimitStore };

/** The process's store, as configured. */
export function rateLimitStore(): RateLimitStore {
  if (holder.duplexRateLimitStore) return holder.duplexRateLimitStore;
  const url = config().REDIS_URL;
  const postgres = new PostgresRateLimitStore();
  holder.duplexRateLimitStore = url ? new FallbackRateLimitStore(new RedisRateLimitStore(redisForRateLimits(url)), postgres) : postgres;
  return holder.duplexRateLimitStore;
}
