// The sliding-window limiter against the real PostgreSQL and the real Redis: the window slides
// (it is not a fixed bucket), a released hit frees its place, dead rows are swept, Redis failing
// falls back to PostgreSQL, and two processes with their own connections share one limit.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./db";
import { unique } from "./testing/fixtures";
import {
  FallbackRateLimitStore,
  hitLimits,
  PostgresRateLimitStore,
  RedisRateLimitStore,
  type RateLimit,
  type RateLimitStore,
} from "./rate-limit";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const minute = 60_000;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(redisUrl);
});

afterAll(() => {
  redis?.disconnect();
});

const limitOf = (max: number, windowMs = 15 * minute): RateLimit => ({ name: unique("test-"), max, windowMs });

/** Hits `ageMs` old, written as the store would have written them then. */
const pastHits = {
  async postgres(bucket: string, limit: RateLimit, agesMs: number[]) {
    for (const age of agesMs) {
      await db.$executeRaw`INSERT INTO "RateLimitHit" (bucket, at, "expiresAt")
        VALUES (${bucket}, clock_timestamp() - ${age} * interval '1 millisecond', clock_timestamp() + ${limit.windowMs - age} * interval '1 millisecond')`;
    }
  },
  async redis(bucket: string, _limit: RateLimit, agesMs: number[]) {
    const [seconds, micros] = await redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    for (const age of agesMs) await redis.zadd(`duplex:rate:${bucket}`, now - age, unique("past-"));
  },
};

const stores: [keyof typeof pastHits, () => RateLimitStore][] = [
  ["postgres", () => new PostgresRateLimitStore()],
  ["redis", () => new RedisRateLimitStore(redis)],
];

describe.each(stores)("the %s store", (kind, makeStore) => {
  it("allows max hits in the window, refuses the next with the wait until a place frees, and a released hit frees one", async () => {
    const store = makeStore();
    const limit = limitOf(3);
    const bucket = unique("b-");
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await store.hit(bucket, limit));
    expect(hits.every((h) => h.allowed)).toBe(true);

    const refused = await store.hit(bucket, limit);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.retryAfterMs).toBeGreaterThan(14 * minute);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(15 * minute);
    expect(await store.check(bucket, limit)).toMatchObject({ allowed: false });

    const first = hits[0];
    if (first.allowed) await first.release();
    expect(await store.check(bucket, limit)).toEqual({ allowed: true });
    expect((await store.hit(bucket, limit)).allowed).toBe(true);
    expect((await store.hit(bucket, limit)).allowed).toBe(false);
  });

  it("slides: the wait is until the oldest counted hit leaves the window, and hits older than the window do not count", async () => {
    const store = makeStore();
    const limit = limitOf(2);
    const bucket = unique("b-");
    // 20 minutes ago (outside the window), 10 minutes ago and 1 minute ago.
    await pastHits[kind](bucket, limit, [20 * minute, 10 * minute, 1 * minute]);
    const refused = await store.hit(bucket, limit);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    // The hit of 10 minutes ago leaves the 15-minute window in 5 minutes; a fixed 15-minute bucket would say something else.
    expect(refused.retryAfterMs).toBeGreaterThan(4.9 * minute);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(5 * minute);
  });

  it("counts one bucket apart from another and one limit apart from another", async () => {
    const store = makeStore();
    const limit = limitOf(1);
    const [a, b] = [unique("b-"), unique("b-")];
    expect((await store.hit(a, limit)).allowed).toBe(true);
    expect((await store.hit(a, limit)).allowed).toBe(false);
    expect((await store.hit(b, limit)).allowed).toBe(true);
  });
});

describe("the PostgreSQL store's rows", () => {
  it("are deleted once their window has passed: the bucket's at its next hit, every bucket's by the sweep", async () => {
    const store = new PostgresRateLimitStore(Number.MAX_SAFE_INTEGER);
    const limit = limitOf(5);
    const [hitAgain, untouched, live] = [unique("b-"), unique("b-"), unique("b-")];
    await pastHits.postgres(hitAgain, limit, [16 * minute, 17 * minute]);
    await pastHits.postgres(untouched, limit, [16 * minute]);
    await pastHits.postgres(live, limit, [1 * minute]);
    const rows = (bucket: string) => db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "RateLimitHit" WHERE bucket = ${bucket}`.then(([r]) => r.n);

    await store.hit(hitAgain, limit);
    expect(await rows(hitAgain)).toBe(1);
    expect(await rows(untouched)).toBe(1);

    expect(await store.sweep()).toBeGreaterThanOrEqual(1);
    expect(await rows(untouched)).toBe(0);
    expect(await rows(live)).toBe(1);
  });
});

describe("several limits at once", () => {
  it("counts on all or none: when one limit is full, the hit on the other is taken back", async () => {
    const store = new PostgresRateLimitStore();
    const perUser = limitOf(1);
    const perAddress = limitOf(10);
    const user = unique("user-");
    expect((await hitLimits([{ limit: perUser, key: user }, { limit: perAddress, key: "192.0.2.7" }], store)).allowed).toBe(true);
    const refused = await hitLimits([{ limit: perUser, key: user }, { limit: perAddress, key: "192.0.2.7" }], store);
    expect(refused.allowed).toBe(false);
    // The address was hit once, not twice: nine places are left.
    for (let i = 0; i < 9; i++) expect((await hitLimits([{ limit: perAddress, key: "192.0.2.7" }], store)).allowed).toBe(true);
    expect((await hitLimits([{ limit: perAddress, key: "192.0.2.7" }], store)).allowed).toBe(false);
  });
});

describe("while Redis is unreachable", () => {
  it("counts in PostgreSQL instead, so the limit still holds", async () => {
    const unreachable = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    unreachable.on("error", () => {});
    const store = new FallbackRateLimitStore(new RedisRateLimitStore(unreachable), new PostgresRateLimitStore());
    const limit = limitOf(2);
    const bucket = unique("b-");
    expect((await store.hit(bucket, limit)).allowed).toBe(true);
    expect((await store.hit(bucket, limit)).allowed).toBe(true);
    expect((await store.hit(bucket, limit)).allowed).toBe(false);
    expect(await store.check(bucket, limit)).toMatchObject({ allowed: false });
    unreachable.disconnect();
  });
});

describe("two processes sharing one limit", () => {
  const worker = fileURLToPath(new URL("./testing/rate-limit-worker.ts", import.meta.url));

  async function start(backend: string): Promise<ChildProcess> {
    const child = fork(worker, [backend], { execArgv: ["--import", "tsx"], env: process.env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const [message] = (await Promise.race([once(child, "message"), once(child, "exit").then(([code]) => Promise.reject(new Error(`worker exited ${code}`)))])) as [{ ready: boolean }];
    expect(message.ready).toBe(true);
    return child;
  }

  it.each(["postgres", "redis"])("%s: of 2 × 12 hits at once, exactly max are allowed", async (backend) => {
    const children = await Promise.all([start(backend), start(backend)]);
    const limit = limitOf(7);
    const bucket = unique("b-");
    const answers = children.map((c) => once(c, "message") as Promise<[{ allowed: number; pid: number }]>);
    for (const child of children) child.send({ bucket, limit, hits: 12 });
    const results = (await Promise.all(answers)).map(([m]) => m);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(results[0].allowed + results[1].allowed).toBe(7);
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : undefined)));
  });
});
