// A plan's limits, enforced per application and API: events per time unit in both
// directions, in one gateway or shared by several through Redis, and concurrent connections.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closed, onPlan, open, openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "../testing/harness";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let gateway: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;

beforeAll(async () => {
  gateway = await testGateway({ throttleAction: "drop", redisUrl: "" });
  backend = await recordingBackend();
});

afterAll(async () => {
  await gateway?.close();
  await backend?.close();
});

const notice = (text: string) => JSON.parse(text) as { error: string; message: string };

describe("throttling", () => {
  it("counts both directions: over the plan's limit a message is dropped and the client gets one notice", async () => {
    const served = await servedApi(gateway, backend.url);
    const plan = await onPlan(gateway, served, { eventCount: 3, timeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "one")).data.toString()).toBe("one"); // events 1 and 2
    const backendSide = backend.sockets.at(-1)!;
    const reached = once(backendSide, "message");
    // Event 3 (client → backend) passes; its echo, event 4, is dropped and a notice comes instead.
    const reply = await roundTrip(ws, "two");
    expect((await reached)[0].toString()).toBe("two");
    expect(notice(reply.data.toString())).toEqual({
      error: "throttled",
      message: `The ${plan.name} plan allows 3 events per day; messages are dropped until the next day.`,
    });
    ws.close();
  });

  it("keeps one application's limit apart from another's on the same API", async () => {
    const served = await servedApi(gateway, backend.url);
    await onPlan(gateway, served, { eventCount: 2, timeUnit: "DAY" });
    const first = await openOk(served.url, { token: served.token });
    expect((await roundTrip(first, "a")).data.toString()).toBe("a");
    expect(notice((await roundTrip(first, "b")).data.toString()).error).toBe("throttled");

    const other = await servedApi(gateway, backend.url);
    await onPlan(gateway, other, { eventCount: 2, timeUnit: "DAY" });
    const second = await openOk(other.url, { token: other.token });
    expect((await roundTrip(second, "c")).data.toString()).toBe("c");
    first.close();
    second.close();
  });

  it("closes with 4429 when the gateway's throttle action is close", async () => {
    const closing = await testGateway({ throttleAction: "close", redisUrl: "" });
    const served = await servedApi(closing, backend.url);
    await onPlan(closing, served, { eventCount: 2, timeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "a")).data.toString()).toBe("a");
    const clientClosed = closed(ws);
    ws.send("b");
    expect(await clientClosed).toEqual({ code: 4429, reason: "Event limit reached" });
    await closing.close();
  });

  it("enforces one limit across two gateways sharing Redis", async () => {
    const [a, b] = await Promise.all([testGateway({ redisUrl, throttleAction: "drop" }), testGateway({ redisUrl, throttleAction: "drop" })]);
    const served = await servedApi(a, backend.url);
    await onPlan(a, served, { eventCount: 4, timeUnit: "DAY" });
    await b.store.until((s) => s.subscriptions.get(`${served.app.id} ${served.api.id}`)?.plan.eventCount === 4);
    const onA = await openOk(served.url, { token: served.token });
    expect((await roundTrip(onA, "1")).data.toString()).toBe("1");
    expect((await roundTrip(onA, "2")).data.toString()).toBe("2");
    await a.limiter.sync();

    const onB = await openOk(`${b.url}${served.path}`, { token: served.token });
    expect(notice((await roundTrip(onB, "3")).data.toString()).error).toBe("throttled");
    onA.close();
    onB.close();
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses a connection over the plan's maxConnections with 429, and admits one again when a connection ends", async () => {
    const served = await servedApi(gateway, backend.url);
    const plan = await onPlan(gateway, served, { eventCount: null, maxConnections: 1 });
    const first = await openOk(served.url, { token: served.token });
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({
      opened: false,
      status: 429,
      body: { error: "too_many_connections", message: `The ${plan.name} plan allows 1 concurrent connection per application.` },
    });
    const ended = once(gateway.events, "connection-end");
    first.close();
    await ended;
    const again = await openOk(served.url, { token: served.token });
    again.close();
  });
});
