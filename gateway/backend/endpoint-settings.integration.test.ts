// The settings under an endpoint's cogwheel (lib/endpoint-config.ts), each as the gateway obeys it.
import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { generate } from "selfsigned";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { rawBackend } from "../testing/raw-peers";
import { closeWebSocketServer, closed, deadPort, open, openOk, roundTrip, servedApi, setEndpointSettings, silentServer, gatewayWithBackend } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

/** An echo backend that drops the first `failures` connections before answering. */
async function flakyBackend(failures: number) {
  const wss = new WebSocketServer({ noServer: true });
  const attempts: number[] = [];
  const server = createHttpServer();
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    attempts.push(performance.now());
    if (attempts.length <= failures) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe("endpoint settings", () => {
  it("answers 504 when the backend does not answer within connectTimeoutMs", async () => {
    const silent = await silentServer();
    const served = await servedApi(gateway, `ws://127.0.0.1:${silent.port}`);
    await setEndpointSettings(gateway, served, { connectTimeoutMs: 200 });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 504, body: { error: "backend_timeout" } });
    await silent.close();
  });

  it("retries a failed connect retries.count more times, retries.delayMs apart", async () => {
    const flaky = await flakyBackend(2);
    const served = await servedApi(gateway, flaky.url);
    await setEndpointSettings(gateway, served, { retries: { count: 2, delayMs: 150 } });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "third time lucky")).data.toString()).toBe("third time lucky");
    expect(flaky.attempts).toHaveLength(3);
    expect(flaky.attempts[1] - flaky.attempts[0]).toBeGreaterThanOrEqual(145);
    expect(flaky.attempts[2] - flaky.attempts[1]).toBeGreaterThanOrEqual(145);
    ws.close();
    await flaky.close();
  });

  it("gives up with 502 once the retries are spent", async () => {
    const flaky = await flakyBackend(2);
    const served = await servedApi(gateway, flaky.url);
    await setEndpointSettings(gateway, served, { retries: { count: 1, delayMs: 0 } });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 502, body: { error: "backend_unavailable" } });
    expect(flaky.attempts).toHaveLength(2);
    await flaky.close();
  });

  it("suspends an endpoint that failed: 503 with the reason and Retry-After, without trying the backend", async () => {
    const served = await servedApi(gateway, `ws://127.0.0.1:${await deadPort()}`);
    await setEndpointSettings(gateway, served, { suspension: { initialDurationMs: 60_000, factor: 2, maxDurationMs: 600_000 } });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 502, body: { error: "backend_unavailable" } });
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({ opened: false, status: 503, body: { error: "backend_suspended" } });
    if (!r.opened) {
      expect(r.body.message).toBe("The API's backend failed to connect and is suspended for 60 more seconds.");
      expect(r.headers["retry-after"]).toBe("60");
    }
  });

  it("closes a connection idle for idleTimeoutMs with 1001 on both sides", async () => {
    const served = await servedApi(gateway, backend.url);
    await setEndpointSettings(gateway, served, { idleTimeoutMs: 300 });
    const ws = await openOk(served.url, { token: served.token });
    const backendSide = backend.sockets.at(-1)!;
    const [clientClosed, backendClosed] = [closed(ws), closed(backendSide)];
    expect((await roundTrip(ws, "still here")).data.toString()).toBe("still here");
    expect(await clientClosed).toEqual({ code: 1001, reason: "Idle for 300 ms" });
    expect(await backendClosed).toEqual({ code: 1001, reason: "Idle for 300 ms" });
  });

  it("closes with 1009 a client whose message exceeds maxMessageBytes, and tells the backend", async () => {
    const served = await servedApi(gateway, backend.url);
    await setEndpointSettings(gateway, served, { maxMessageBytes: 1024 });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, Buffer.alloc(1024, 1))).data).toHaveLength(1024);
    const backendSide = backend.sockets.at(-1)!;
    const [clientClosed, backendClosed] = [closed(ws), closed(backendSide)];
    ws.on("error", () => {});
    ws.send(Buffer.alloc(1025, 1));
    expect((await clientClosed).code).toBe(1009);
    expect(await backendClosed).toEqual({ code: 1009, reason: "Client message too big" });
  });

  it("closes with 1009 when the backend's message exceeds maxMessageBytes", async () => {
    const served = await servedApi(gateway, backend.url);
    await setEndpointSettings(gateway, served, { maxMessageBytes: 1024 });
    const ws = await openOk(served.url, { token: served.token });
    const backendSide = backend.sockets.at(-1)!;
    backendSide.on("error", () => {});
    const [clientClosed, backendClosed] = [closed(ws), closed(backendSide)];
    backendSide.send(Buffer.alloc(4096, 2));
    expect(await clientClosed).toEqual({ code: 1009, reason: "Backend message too big" });
    expect((await backendClosed).code).toBe(1009);
  });

  it("with compression on, ws clients and backends compress without context takeover and maxMessageBytes holds for the inflated size; off, nothing is negotiated", async () => {
    // An echo backend that compresses whatever it can.
    const compressing = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: { threshold: 0 } });
    await once(compressing, "listening");
    const offered: (string | undefined)[] = [];
    compressing.on("connection", (ws, req) => {
      offered.push(req.headers["sec-websocket-extensions"]);
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
      ws.on("error", () => {});
    });
    const served = await servedApi(gateway, `ws://127.0.0.1:${(compressing.address() as AddressInfo).port}`);
    const zeros = Buffer.alloc(4096);
    // ws clients offer permessage-deflate, and compress messages over 1 KiB.
    const compressedClient = (url: string) => openOk(url, { token: served.token });

    // On (the default): 4 KiB of zeros travel as a few compressed bytes each way, within 8 KiB once inflated.
    await setEndpointSettings(gateway, served, { maxMessageBytes: 8192 });
    const on = await compressedClient(served.url);
    expect(offered.at(-1)).toBe("permessage-deflate; client_no_context_takeover; server_no_context_takeover");
    expect(on.extensions).toContain("permessage-deflate");
    for (let i = 0; i < 3; i++) expect((await roundTrip(on, zeros)).data).toHaveLength(4096);
    // 16 KiB of zeros is still a few bytes on the wire, but not within the bound.
    on.on("error", () => {});
    const onClosed = closed(on);
    on.send(Buffer.alloc(16 * 1024));
    expect(await onClosed).toEqual({ code: 1009, reason: "Message too big" });

    await setEndpointSettings(gateway, served, { maxMessageBytes: 1024, compression: false });
    const off = await compressedClient(served.url);
    expect(off.extensions).toBe("");
    expect(offered.at(-1)).toBeUndefined();
    off.on("error", () => {});
    const offClosed = closed(off);
    off.send(zeros);
    expect((await offClosed).code).toBe(1009);
    await closeWebSocketServer(compressing);
  });

  it("refuses with 502 a backend that accepts permessage-deflate without server_no_context_takeover: its messages could not be sized", async () => {
    const careless = await rawBackend({ extensions: "permessage-deflate" });
    const served = await servedApi(gateway, careless.url);
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 502, body: { error: "backend_refused", message: "The API's backend did not complete the WebSocket handshake." } });
    await careless.close();
  });

  it("sends the endpoint's extra headers on the backend handshake", async () => {
    const served = await servedApi(gateway, backend.url);
    await setEndpointSettings(gateway, served, { headers: [{ name: "X-Api-Key", value: "s3cret" }, { name: "X-Tenant", value: "acme" }] });
    const ws = await openOk(served.url, { token: served.token });
    const seen = backend.requests.at(-1)!.headers;
    expect(seen["x-api-key"]).toBe("s3cret");
    expect(seen["x-tenant"]).toBe("acme");
    ws.close();
  });

  it("refuses a wss backend with a self-signed certificate when verifying, and relays when verifyTls is off", async () => {
    const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], { keySize: 2048, algorithm: "sha256" });
    const https = createHttpsServer({ key: pems.private, cert: pems.cert });
    const wss = new WebSocketServer({ server: https });
    wss.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
    https.listen(0, "127.0.0.1");
    await once(https, "listening");
    const served = await servedApi(gateway, `wss://127.0.0.1:${(https.address() as AddressInfo).port}`);

    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 502, body: { error: "backend_untrusted" } });

    await setEndpointSettings(gateway, served, { verifyTls: false });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "over tls")).data.toString()).toBe("over tls");
    ws.close();
    await closed(ws);
    wss.close();
    https.closeAllConnections();
    await new Promise((resolve) => https.close(resolve));
  });
});
