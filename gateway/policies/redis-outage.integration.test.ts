// Redis stopped under a gateway with REDIS_URL set: handshakes are admitted at once on limits
// counted by this gateway alone, the operator is told (a log line, a metric), and once Redis
// answers again what was counted meanwhile is added to the shared counts. Before, every
// handshake on a plan with an event limit got 500 after waiting on the dead Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { subscriptionKey } from "../config/snapshot";
import { closed, onPlan, open, openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "../testing/harness";
import { recordingLogger, type LogLine } from "../testing/logs";
import { ownRedis, type OwnRedis } from "../testing/redis-server";

let redis: OwnRedis;
let backend: RecordingBackend;
beforeAll(async () => {
  [redis, backend] = await Promise.all([ownRedis(), recordingBackend()]);
});
afterAll(async () => {
  await backend?.close();
  await redis?.close();
});

it("admits handshakes on local limits while Redis is down, says so, and adds what it counted once Redis is back", async () => {
  const log = recordingLogger();
  /** The next line of `event` from now on. */
  const next = (event: string) => {
    const from = log.lines.length;
    return log.line((l: LogLine) => l.event === event && log.lines.indexOf(l) >= from);
  };
  const up = next("redis_available");
  const gateway = await testGateway({ redisUrl: redis.url, throttleAction: "drop", logger: log.logger });
  await up;
  const limited = await servedApi(gateway, backend.url);
  await onPlan(gateway, limited, { eventCount: 2, timeUnit: "DAY" });
  const capped = await servedApi(gateway, backend.url);
  await onPlan(gateway, capped, { eventCount: null, maxConnections: 1 });
  const metric = async () => /^duplex_gateway_redis_up (\d)$/m.exec(await gateway.metrics.metrics())?.[1];
  expect(await metric()).toBe("1");

  const down = next("redis_unavailable");
  await redis.stop();
  expect(await down).toMatchObject({ level: 40, msg: "Redis unreachable: limits are counted by this gateway alone until it answers" });
  expect(await metric()).toBe("0");

  const ws = await openOk(limited.url, { token: limited.token });
  expect((await roundTrip(ws, "one")).data.toString()).toBe("one");
  expect(JSON.parse((await roundTrip(ws, "two")).data.toString())).toMatchObject({ error: "throttled" });
  const first = await openOk(capped.url, { token: capped.token });
  expect(await open(capped.url, { token: capped.token })).toMatchObject({ opened: false, status: 429, body: { error: "too_many_connections" } });

  const back = next("redis_available");
  await redis.start();
  await back;
  expect(await metric()).toBe("1");
  await gateway.limiter.sync();
  const shared = new Redis(redis.url);
  const windowKeys = await shared.keys(`duplex:events:${subscriptionKey(limited.app.id, limited.api.id)}:*`);
  expect(await Promise.all(windowKeys.map((k) => shared.get(k)))).toEqual(["2"]);
  await gateway.connectionCounts.sync();
  expect(Object.values(await shared.hgetall(`duplex:connections:${subscriptionKey(capped.app.id, capped.api.id)}`))).toEqual(["1"]);
  shared.disconnect();

  const ended = closed(ws);
  ws.close();
  await ended;
  first.close();
  await closed(first);
  await gateway.close();
});
