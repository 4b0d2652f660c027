// A subscribed client talks to a backend through the gateway: frames, subprotocols and
// closes pass both ways.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import WebSocket, { WebSocketServer } from "ws";
import { issueAccessToken } from "../lib/tokens";
import { startEchoBackend } from "../scripts/echo-backend";
import { closed, closeWebSocketServer, openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "./testing/harness";

let gateway: Awaited<ReturnType<typeof testGateway>>;
let echo: WebSocketServer;
let recorder: RecordingBackend;

beforeAll(async () => {
  gateway = await testGateway();
  echo = await startEchoBackend(0);
  recorder = await recordingBackend({ handleProtocols: (offered) => (offered.has("chat.v1") ? "chat.v1" : false) });
});

afterAll(async () => {
  await gateway?.close();
  await closeWebSocketServer(echo);
  await recorder?.close();
});

describe("relay", () => {
  it("echoes a message from the echo backend to a client with Authorization: Bearer", async () => {
    const { url, token } = await servedApi(gateway, `ws://127.0.0.1:${(echo.address() as AddressInfo).port}`);
    const ws = await openOk(url, { token });
    const reply = await roundTrip(ws, "hello");
    expect(reply).toEqual({ data: Buffer.from("hello"), isBinary: false });
    ws.close();
    await closed(ws);
  });

  it("takes the token from ?access_token= and does not pass it to the backend", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(`${url}/ticks?since=5&access_token=${token}&room=a%20b`);
    expect((await roundTrip(ws, "hello")).data.toString()).toBe("hello");
    const seen = recorder.requests.at(-1)!;
    expect(seen.url).toBe("/ticks?since=5&room=a%20b");
    expect(seen.url).not.toContain("access_token");
    ws.close();
  });

  it("delivers what the backend sends the moment it accepts, before the client has spoken", async () => {
    const greeter = await recordingBackend({ greeting: "welcome" });
    const { url, token } = await servedApi(gateway, greeter.url);
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    const [greeting] = (await once(ws, "message")) as [Buffer];
    expect(greeting.toString()).toBe("welcome");
    ws.close();
    await greeter.close();
  });

  it("keeps binary frames binary and text frames text", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token });
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(await roundTrip(ws, bytes)).toEqual({ data: bytes, isBinary: true });
    expect(await roundTrip(ws, "text")).toEqual({ data: Buffer.from("text"), isBinary: false });
    ws.close();
  });

  it("offers the client's subprotocols to the backend and answers with the backend's choice", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token, protocols: ["chat.v2", "chat.v1"] });
    expect(ws.protocol).toBe("chat.v1");
    expect(recorder.requests.at(-1)!.headers["sec-websocket-protocol"]).toBe("chat.v2,chat.v1");
    ws.close();
  });

  it("tells the backend who the client is in X-Forwarded-For and Forwarded", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token, headers: { "X-Forwarded-For": "203.0.113.9", Forwarded: "for=203.0.113.9;proto=https" } });
    const seen = recorder.requests.at(-1)!.headers;
    expect(seen["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
    expect(seen.forwarded).toBe("for=203.0.113.9;proto=https, for=127.0.0.1;proto=ws");
    ws.close();
  });

  it("passes the backend's close code and reason to the client", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token });
    const backendSide = recorder.sockets.at(-1)!;
    const clientClosed = closed(ws);
    backendSide.close(4000, "room closed");
    expect(await clientClosed).toEqual({ code: 4000, reason: "room closed" });
  });

  it("passes the client's close code and reason to the backend", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token });
    const backendSide = recorder.sockets.at(-1)!;
    const backendClosed = closed(backendSide);
    ws.close(4001, "done");
    expect(await backendClosed).toEqual({ code: 4001, reason: "done" });
  });

  it("closes the client with 1011 when the backend's connection drops", async () => {
    const { url, token } = await servedApi(gateway, recorder.url);
    const ws = await openOk(url, { token });
    const clientClosed = closed(ws);
    recorder.sockets.at(-1)!.terminate();
    expect(await clientClosed).toEqual({ code: 1011, reason: "Backend connection failed" });
  });

  describe("permessage-deflate", () => {
    /** An echo backend that takes permessage-deflate (compressing every message) when offered. */
    async function deflatingBackend() {
      const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: { threshold: 0 } });
      const requests: IncomingMessage[] = [];
      server.on("connection", (socket, req) => {
        requests.push(req);
        socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
      });
      await once(server, "listening");
      return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => closeWebSocketServer(server) };
    }

    async function openWith(url: string, token: string, perMessageDeflate: boolean) {
      const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: perMessageDeflate && { threshold: 0 } });
      await once(ws, "open");
      return ws;
    }

    it("is negotiated end to end: offered to the backend (without context takeover) when the client offers it, the answer passed to the client, compressed frames both ways", async () => {
      const deflating = await deflatingBackend();
      const { url, token } = await servedApi(gateway, deflating.url);
      const ws = await openWith(url, token, true);
      expect(deflating.requests[0].headers["sec-websocket-extensions"]).toMatch(/^permessage-deflate/);
      expect(ws.extensions).toMatch(/^permessage-deflate/);
      const text = "compress me ".repeat(2000);
      expect(await roundTrip(ws, text)).toEqual({ data: Buffer.from(text), isBinary: false });
      const bytes = Buffer.alloc(50_000, 7);
      expect(await roundTrip(ws, bytes)).toEqual({ data: bytes, isBinary: true });
      ws.close();
      await closed(ws);
      await deflating.close();
    });

    it("is not negotiated when the backend declines it, and the connection works uncompressed", async () => {
      const { url, token } = await servedApi(gateway, recorder.url);
      const ws = await openWith(url, token, true);
      expect(recorder.requests.at(-1)!.headers["sec-websocket-extensions"]).toMatch(/^permessage-deflate/);
      expect(ws.extensions).toBe("");
      expect((await roundTrip(ws, "plain")).data.toString()).toBe("plain");
      ws.close();
    });

    it("is not offered to the backend when the client does not offer it", async () => {
      const deflating = await deflatingBackend();
      const { url, token } = await servedApi(gateway, deflating.url);
      const ws = await openWith(url, token, false);
      expect(deflating.requests[0].headers["sec-websocket-extensions"]).toBeUndefined();
      expect(ws.extensions).toBe("");
      expect((await roundTrip(ws, "plain")).data.toString()).toBe("plain");
      ws.close();
      await closed(ws);
      await deflating.close();
    });
  });

  it("keeps open a connection whose token lives longer than setTimeout's longest delay (24.8 days)", async () => {
    const { url, app, user, keys } = await servedApi(gateway, recorder.url);
    const longLived = await issueAccessToken({
      application: { id: app.id, name: app.name, ownerId: user.id, ownerUsername: user.username },
      consumerKey: keys.consumerKey,
      keyType: "PRODUCTION",
      validitySeconds: 40 * 86_400,
    });
    // Node cuts a longer delay to 1 ms, and says so.
    const overflows: Error[] = [];
    const onWarning = (w: Error) => w.name === "TimeoutOverflowWarning" && overflows.push(w);
    process.on("warning", onWarning);
    const ws = await openOk(url, { token: longLived.accessToken });
    expect((await roundTrip(ws, "still here")).data.toString()).toBe("still here");
    expect((await roundTrip(ws, "and here")).data.toString()).toBe("and here");
    process.off("warning", onWarning);
    expect(overflows).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it("closes every connection with 1001 when the gateway stops", async () => {
    const own = await testGateway();
    const { url, token } = await servedApi(own, recorder.url);
    const ws = await openOk(url, { token });
    const backendSide = recorder.sockets.at(-1)!;
    const [clientClosed, backendClosed] = [closed(ws), closed(backendSide)];
    expect(own.connections).toBe(1);
    await own.close();
    expect(await clientClosed).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(await backendClosed).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(own.connections).toBe(0);
  });
});
