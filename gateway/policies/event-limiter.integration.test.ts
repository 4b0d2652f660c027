// The shared event limit against a real Redis: what one lease hands a gateway, and a small
// limit passing its whole budget in one burst (take() is synchronous: nothing is awaited
// between the events, as in the relay, so no lease can be answered meanwhile).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLimiter, minShare } from "./event-limiter";
import { RedisCircuit } from "./redis-circuit";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let redis: Redis;
let circuit: RedisCircuit;

beforeAll(async () => {
  redis = new Redis(redisUrl);
  circuit = new RedisCircuit(redis);
  if (!circuit.up) await new Promise((ready) => circuit.once("change", ready));
});

afterAll(() => {
  circuit.close();
  redis.disconnect();
});

const minute = 60_000;
const day = 86_400_000;

describe("EventLimiter with Redis", () => {
  it("passes a small limit's whole budget in one burst, then refuses, and never more than the limit", async () => {
    const limiter = new EventLimiter(redis, circuit);
    const bucket = await limiter.acquire(randomUUID(), 4, minute);
    const passed = Array.from({ length: 6 }, () => bucket.take());
    expect(passed).toEqual([true, true, true, true, false, false]);
    await limiter.close();
  });

  it("hands out a quarter of what is left, at least minShare events, and shares one budget between gateways", async () => {
    const key = randomUUID();
    const [a, b] = [new EventLimiter(redis, circuit), new EventLimiter(redis, circuit)];
    const onA = await a.acquire(key, 400, minute);
    expect(onA.granted).toBe(100);
    const small = await a.acquire(randomUUID(), 40, minute);
    expect(small.granted).toBe(minShare);
    const onB = await b.acquire(key, 400, minute);
    expect(onB.granted).toBe(75);
    await Promise.all([a.close(), b.close()]);
  });

  it("counts what passed under a plan's old limit under its new one (an admin lowered it), with or without Redis", async () => {
    for (const limiter of [new EventLimiter(redis, circuit), new EventLimiter()]) {
      const key = randomUUID();
      const before = await limiter.acquire(key, 400, day);
      for (let i = 0; i < 10; i++) expect(before.take()).toBe(true);
      limiter.release(before);
      const after = await limiter.acquire(key, 12, day);
      expect(Array.from({ length: 4 }, () => after.take())).toEqual([true, true, false, false]);
      await limiter.close();
    }
  });
});
