// One event limit held by three gateway processes sharing Redis, under a burst spread over all
// three: the plan's limit overshot by at most creditOf(limit) events per process (1 here).
// Before, each process passed up to the whole limit between two syncs: 200 of 200 with two.
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import type WebSocket from "ws";
import { db } from "../../lib/db";
import { gatewayPath } from "../../lib/gateway-urls";
import { publishedApi, subscribedClient } from "../../lib/testing/fixtures";
import { subscriptionKey } from "../config/snapshot";
import { openOk, recordingBackend, type RecordingBackend } from "../testing/harness";
import { startGatewayProcess, type GatewayProcess } from "../testing/process";
import { ownRedis, type OwnRedis } from "../testing/redis-server";
import { creditOf } from "./event-limiter";

let redis: OwnRedis;
let backend: RecordingBackend;
const processes: GatewayProcess[] = [];
beforeAll(async () => {
  [redis, backend] = await Promise.all([ownRedis(), recordingBackend()]);
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  await backend?.close();
  await redis?.close();
});

const limit = 100;

it("holds a 100-events plan across three gateway processes to within one event each", { timeout: 120_000 }, async () => {
  const { api } = await publishedApi(backend.url);
  const client = await subscribedClient(api.id);
  const plan = await db.businessPlan.create({ data: { name: `Burst${Date.now()}`, eventCount: limit, timeUnit: "DAY" } });
  await db.subscription.update({ where: { applicationId_apiId: { applicationId: client.app.id, apiId: api.id } }, data: { planId: plan.id } });

  // Started after the rows are written: each loads them with its first snapshot.
  for (let i = 0; i < 3; i++) {
    const p = startGatewayProcess({ REDIS_URL: redis.url, GATEWAY_THROTTLE_ACTION: "drop" });
    processes.push(p);
    onTestFailed(() => console.error([...p.other, ...p.lines.map((l) => JSON.stringify(l))].join("\n")));
  }
  const ports = await Promise.all(
    processes.map(async (p) => {
      const { port } = (await p.line((l) => l.event === "listening")) as unknown as { port: number };
      await p.line((l) => l.event === "ready");
      return port;
    }),
  );

  let reachedBackend = 0;
  let echoed = 0;
  const sockets: WebSocket[] = [];
  for (const port of ports) {
    const ws = await openOk(`ws://127.0.0.1:${port}${gatewayPath(api)}`, { token: client.token });
    backend.sockets.at(-1)!.on("message", () => reachedBackend++);
    sockets.push(ws);
  }
  const noticed = sockets.map(
    (ws) =>
      new Promise<void>((resolve) =>
        ws.on("message", (data: Buffer) => {
          if (data.toString().startsWith('{"error":"throttled"')) resolve();
          else echoed++;
        }),
      ),
  );
  // The burst: 100 messages on each connection at once, each echoed (both directions count).
  for (const ws of sockets) for (let i = 0; i < limit; i++) ws.send(`m${i}`);
  await Promise.all(noticed);
  // A close handshake comes after every frame before it: once done, the counts are final.
  await Promise.all(
    sockets.map((ws) => {
      const done = once(ws, "close");
      ws.close();
      return done;
    }),
  );

  const passed = reachedBackend + echoed;
  expect(passed).toBeGreaterThan(0);
  expect(passed).toBeLessThanOrEqual(limit + 3 * creditOf(limit));
  const shared = new Redis(redis.url);
  const [window] = await shared.keys(`duplex:events:${subscriptionKey(client.app.id, api.id)}:*`);
  expect(Number(await shared.get(window))).toBeLessThanOrEqual(limit);
  shared.disconnect();
});
