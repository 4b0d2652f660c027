// The plan's cap on concurrent connections, held by several gateways together through Redis,
// and not held forever by a gateway that died with connections open.
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unique } from "../../lib/testing/fixtures";
import type { Plan } from "../config/snapshot";
import { onPlan, open, openOk, recordingBackend, servedApi, testGateway, type RecordingBackend } from "../testing/harness";
import { ConnectionCounts } from "./connection-cap";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let backend: RecordingBackend;
let redis: Redis;

beforeAll(async () => {
  backend = await recordingBackend();
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  await backend?.close();
  redis?.disconnect();
});

const planOf = (maxConnections: number): Plan => ({ id: "p", name: "Capped", eventCount: null, timeUnit: "MINUTE", maxConnections });

describe("the connection cap across gateways", () => {
  it("counts an application's connections on two gateways sharing Redis against one cap", async () => {
    const [a, b] = await Promise.all([testGateway({ redisUrl }), testGateway({ redisUrl })]);
    const served = await servedApi(a, backend.url);
    const plan = await onPlan(a, served, { eventCount: null, maxConnections: 2 });
    await b.store.until((s) => s.subscriptions.get(`${served.app.id} ${served.api.id}`)?.plan.id === plan.id);
    const onB = `${b.url}${served.path}`;

    const first = await openOk(served.url, { token: served.token });
    const second = await openOk(onB, { token: served.token });
    expect(await open(onB, { token: served.token })).toMatchObject({ opened: false, status: 429, body: { error: "too_many_connections" } });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 429, body: { error: "too_many_connections" } });

    // A connection ending on A frees a place on B.
    const ended = once(a.events, "connection-end");
    first.close();
    await ended;
    const third = await openOk(onB, { token: served.token });
    second.close();
    third.close();
    await Promise.all([a.close(), b.close()]);
  });

  it("stops counting a gateway's connections once its liveness key is gone, as after a crash", async () => {
    const key = unique("app api");
    const crashed = new ConnectionCounts(redis, { liveMs: 60_000 });
    const alive = new ConnectionCounts(redis, { liveMs: 60_000 });
    expect(await crashed.reserve(key, planOf(1))).toBeUndefined();
    expect(await alive.reserve(key, planOf(1))).toMatchObject({ status: 429 });
    // Each gateway's liveness key expires unless renewed.
    const ttl = await redis.pttl(crashed.livenessKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // A crashed gateway never releases and never renews: its key expires, as this deletion does.
    await redis.del(crashed.livenessKey);
    expect(await alive.reserve(key, planOf(1))).toBeUndefined();
    expect(await redis.hkeys(`duplex:connections:${key}`)).toEqual([alive.gatewayId]);
    alive.release(key);
    await Promise.all([alive.close(), crashed.close()]);
  });

  it("counts in this gateway alone when Redis is unreachable", async () => {
    const unreachable = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    unreachable.on("error", () => {});
    const errors: Error[] = [];
    const counts = new ConnectionCounts(unreachable, { onRedisError: (e) => errors.push(e) });
    const key = unique("app api");
    expect(await counts.reserve(key, planOf(1))).toBeUndefined();
    expect(await counts.reserve(key, planOf(1))).toMatchObject({ status: 429, error: "too_many_connections" });
    counts.release(key);
    expect(await counts.reserve(key, planOf(1))).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    await counts.close();
    unreachable.disconnect();
  });
});
