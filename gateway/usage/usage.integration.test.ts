// What the gateway did, per API, application and minute: written to UsageCounter in batches
// and on shutdown; and what an operator's probes and Prometheus see on the admin port.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../lib/config";
import { db } from "../../lib/db";
import { closed, onPlan, open, openOk, recordingBackend, roundTrip, servedApi, tcpProxy, testGateway, type RecordingBackend } from "../testing/harness";

let gateway: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;

beforeAll(async () => {
  gateway = await testGateway({ usageFlushMs: 3_600_000, adminPort: 0 });
  backend = await recordingBackend();
});

afterAll(async () => {
  await gateway?.close();
  await backend?.close();
});

async function usageOf(apiId: string, applicationId: string) {
  const rows = await db.usageCounter.findMany({ where: { apiId, applicationId } });
  const sum = (k: "connections" | "throttled" | "errors") => rows.reduce((n, r) => n + r[k], 0);
  const big = (k: "messagesIn" | "messagesOut" | "bytesIn" | "bytesOut") => rows.reduce((n, r) => n + Number(r[k]), 0);
  return {
    connections: sum("connections"),
    messagesIn: big("messagesIn"),
    messagesOut: big("messagesOut"),
    bytesIn: big("bytesIn"),
    bytesOut: big("bytesOut"),
    throttled: sum("throttled"),
    errors: sum("errors"),
  };
}

const admin = (path: string) => fetch(`http://127.0.0.1:${gateway.adminPort}${path}`);

describe("usage", () => {
  it("records connections, messages and bytes each way and throttled events per API and application", async () => {
    const served = await servedApi(gateway, backend.url);
    await onPlan(gateway, served, { eventCount: 5, timeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    await roundTrip(ws, "hello");
    await roundTrip(ws, "abc");
    await roundTrip(ws, "xyz"); // in passes (event 5); its echo is throttled, the notice comes back
    const ended = once(gateway.events, "connection-end");
    ws.close();
    await ended;
    await gateway.usage.flush();
    expect(await usageOf(served.api.id, served.app.id)).toEqual({
      connections: 1,
      messagesIn: 3,
      messagesOut: 2,
      bytesIn: 11,
      bytesOut: 8,
      throttled: 1,
      errors: 0,
    });
  });

  it("adds a live connection's traffic at each flush, and counts an error when the backend drops", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    await roundTrip(ws, "12345");
    await gateway.usage.flush();
    expect(await usageOf(served.api.id, served.app.id)).toMatchObject({ connections: 1, messagesIn: 1, bytesOut: 5, errors: 0 });
    await roundTrip(ws, "678");
    const ended = once(gateway.events, "connection-end");
    const clientClosed = closed(ws);
    backend.sockets.at(-1)!.terminate();
    await clientClosed;
    await ended;
    await gateway.usage.flush();
    expect(await usageOf(served.api.id, served.app.id)).toMatchObject({ connections: 1, messagesIn: 2, bytesIn: 8, errors: 1 });
  });

  it("writes what is left when the gateway shuts down", async () => {
    const own = await testGateway({ usageFlushMs: 3_600_000 });
    const served = await servedApi(own, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    await roundTrip(ws, "bye");
    await own.close();
    expect(await usageOf(served.api.id, served.app.id)).toMatchObject({ connections: 1, messagesIn: 1, messagesOut: 1 });
  });
});

describe("the admin port", () => {
  it("answers /healthz and /readyz, and serves Prometheus metrics", async () => {
    expect(await open(`${gateway.url}/nothing/here`)).toMatchObject({ opened: false, status: 404 });
    expect(await (await admin("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await admin("/readyz");
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    const metrics = await (await admin("/metrics")).text();
    expect(metrics).toMatch(/^duplex_gateway_connections \d+$/m);
    expect(metrics).toMatch(/^duplex_gateway_messages_total\{direction="in"\} \d+$/m);
    expect(metrics).toMatch(/^duplex_gateway_refusals_total\{status="404",error="not_found"\} 1$/m);
  });

  it("is not ready while the database is unreachable, keeps relaying meanwhile, and is ready again when it returns", async () => {
    const url = new URL(config().DATABASE_URL);
    const proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    const own = await testGateway({ databaseUrl: url.toString(), adminPort: 0 });
    const served = await servedApi(own, backend.url);
    const ws = await openOk(served.url, { token: served.token });

    const lost = once(own.store, "listener-error");
    await proxy.cut();
    await lost;
    const down = await fetch(`http://127.0.0.1:${own.adminPort}/readyz`);
    expect([down.status, await down.json()]).toEqual([503, { status: "not_ready", reason: "The database is unreachable; serving the configuration last loaded." }]);
    expect((await roundTrip(ws, "still relaying")).data.toString()).toBe("still relaying");
    const other = await openOk(served.url, { token: served.token });
    other.close();

    const back = once(own.store, "listening");
    await proxy.restore();
    await back;
    expect((await fetch(`http://127.0.0.1:${own.adminPort}/readyz`)).status).toBe(200);
    ws.close();
    await own.close();
  });
});
