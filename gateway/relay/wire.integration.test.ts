// The relay on the wire (issue 6's Autobahn-style cases, end to end through real sockets):
// frames pass byte for byte both ways whatever their lengths and however TCP splits them,
// fragmented messages keep their control frames, close handshakes finish in both directions,
// the gateway's own frames wait for a boundary, and a side that breaks the protocol is closed.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocketServer } from "ws";
import { EventBucket, EventLimiter } from "../policies/event-limiter";
import { ThrottleGate } from "../policies/throttle";
import { Opcode } from "./frame-parser";
import { selfSignedCertificate } from "../tls";
import { onRelayPath, relayPaths } from "../testing/relay-paths";
import { closeBody, frame, rawBackend, rawClient, relayOnly, type RawPeer } from "../testing/raw-peers";

let backend: Awaited<ReturnType<typeof rawBackend>>;
let gateway: Awaited<ReturnType<typeof relayOnly>>;

beforeAll(async () => {
  backend = await rawBackend();
});

afterAll(async () => {
  await backend?.close();
});

afterEach(async () => {
  await gateway?.close();
});

/** A client through the relay, and the backend's side of the same connection. */
async function connectPair(options: Parameters<typeof relayOnly>[1] = {}): Promise<{ client: RawPeer; server: RawPeer }> {
  gateway = await relayOnly(backend.url, options);
  const server = backend.next();
  const client = await rawClient(gateway.port, "/");
  return { client, server: await server };
}

async function writeByteByByte(peer: RawPeer, bytes: Buffer) {
  for (const b of bytes) {
    const written = new Promise((resolve) => peer.socket.write(Buffer.from([b]), resolve));
    await written;
  }
}

const text = (s: string) => Buffer.from(s);

describe.each(relayPaths)("relay on the wire %s", (_, streams) => {
  onRelayPath(streams);

  it("passes frames byte for byte both ways: masked from the client, unmasked from the backend, 7-, 16- and 64-bit lengths", async () => {
    const { client, server } = await connectPair();
    const sizes = [0, 1, 125, 126, 65535, 65536, 70_000];
    const up = Buffer.concat(sizes.map((n) => frame(Opcode.Binary, Buffer.alloc(n, n & 0xff), { mask: true })));
    const down = Buffer.concat(sizes.map((n) => frame(Opcode.Binary, Buffer.alloc(n, (n + 1) & 0xff))));
    client.socket.write(up);
    server.socket.write(down);
    await Promise.all([server.reader.until(sizes.length), client.reader.until(sizes.length)]);
    expect(server.reader.received.equals(up)).toBe(true);
    expect(client.reader.received.equals(down)).toBe(true);
    expect(client.reader.frames.map((f) => f.payload.length)).toEqual(sizes);
  });

  it("keeps a fragmented message's fragments and the control frames between them, in order", async () => {
    const { client, server } = await connectPair();
    const up = Buffer.concat([
      frame(Opcode.Text, "frag", { fin: false, mask: true }),
      frame(Opcode.Ping, "are you there", { mask: true }),
      frame(Opcode.Continuation, "men", { fin: false, mask: true }),
      frame(Opcode.Pong, "", { mask: true }),
      frame(Opcode.Continuation, "ted", { mask: true }),
    ]);
    client.socket.write(up);
    const frames = await server.reader.until(5);
    expect(server.reader.received.equals(up)).toBe(true);
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.toString()])).toEqual([
      [Opcode.Text, false, "frag"],
      [Opcode.Ping, true, "are you there"],
      [Opcode.Continuation, false, "men"],
      [Opcode.Pong, true, ""],
      [Opcode.Continuation, true, "ted"],
    ]);
  });

  it("finds every frame when TCP splits the stream at every byte, in both directions", async () => {
    const { client, server } = await connectPair();
    const up = Buffer.concat([
      frame(Opcode.Text, "x".repeat(200), { fin: false, mask: true }),
      frame(Opcode.Ping, "", { mask: true }),
      frame(Opcode.Continuation, "y".repeat(10), { mask: true }),
      frame(Opcode.Binary, Buffer.alloc(3, 7), { mask: true }),
    ]);
    const down = Buffer.concat([frame(Opcode.Binary, Buffer.alloc(130, 1)), frame(Opcode.Ping, "p"), frame(Opcode.Text, "done")]);
    await Promise.all([writeByteByByte(client, up), writeByteByByte(server, down)]);
    await Promise.all([server.reader.until(4), client.reader.until(3)]);
    expect(server.reader.received.equals(up)).toBe(true);
    expect(client.reader.received.equals(down)).toBe(true);
  });

  it("finishes a close handshake the client begins: the backend's answer reaches the client, the gateway closes the client's TCP and waits for the backend to close its own", async () => {
    const { client, server } = await connectPair();
    const [clientEnded, serverEnded] = [once(client.socket, "end"), once(server.socket, "end")];
    client.socket.write(frame(Opcode.Binary, "last", { mask: true }));
    client.socket.write(frame(Opcode.Close, closeBody(4001, "done"), { mask: true }));
    const [, close] = await server.reader.until(2);
    expect(close).toMatchObject({ opcode: Opcode.Close, payload: closeBody(4001, "done") });
    server.socket.write(frame(Opcode.Close, closeBody(4001, "done")));
    const [answer] = await client.reader.until(1);
    expect(answer).toMatchObject({ opcode: Opcode.Close, payload: closeBody(4001, "done") });
    // Server to the client, the gateway closes first (RFC 6455 §7.1.1)...
    await clientEnded;
    client.socket.end();
    // ...and client to the backend, it waits for the backend to, so the TIME_WAIT is the backend's.
    expect(gateway.backendSockets[0].writableEnded).toBe(false);
    server.socket.end();
    await serverEnded;
    const [end] = await gateway.ended(1);
    expect(end).toEqual({ closedBy: "client", code: 4001, reason: "done", messagesIn: 1, messagesOut: 0, bytesIn: 4, bytesOut: 0, throttled: 0, error: undefined });
  });

  it("finishes a close handshake the backend begins, and passes nothing a side sends after its close", async () => {
    const { client, server } = await connectPair();
    const [clientEnded, serverEnded] = [once(client.socket, "end"), once(server.socket, "end")];
    server.socket.write(Buffer.concat([frame(Opcode.Close, closeBody(4000, "room closed")), frame(Opcode.Text, "too late")]));
    const [close] = await client.reader.until(1);
    expect(close).toMatchObject({ opcode: Opcode.Close, payload: closeBody(4000, "room closed") });
    client.socket.write(frame(Opcode.Close, closeBody(4000, "room closed"), { mask: true }));
    const [answer] = await server.reader.until(1);
    expect(answer).toMatchObject({ opcode: Opcode.Close, payload: closeBody(4000, "room closed") });
    expect(gateway.backendSockets[0].writableEnded).toBe(false);
    server.socket.end();
    await serverEnded;
    await clientEnded;
    client.socket.end();
    const [end] = await gateway.ended(1);
    expect(end).toMatchObject({ closedBy: "backend", code: 4000, reason: "room closed", messagesOut: 0, error: undefined });
    expect(client.reader.frames).toHaveLength(1);
  });

  it("ends a connection whose client is lost after its close, with the code the client sent", async () => {
    const { client, server } = await connectPair();
    const serverEnded = once(server.socket, "end");
    client.socket.write(frame(Opcode.Close, closeBody(1000), { mask: true }));
    await server.reader.until(1);
    client.socket.destroy();
    // The client's close, passed on, answers the backend's: the backend closes its TCP, and the gateway follows.
    server.socket.write(frame(Opcode.Close, closeBody(1000)));
    server.socket.end();
    await serverEnded;
    const [end] = await gateway.ended(1);
    expect(end).toMatchObject({ closedBy: "client", code: 1000 });
  });

  it("writes the gateway's own close only after the frame being relayed has ended", async () => {
    const { client, server } = await connectPair();
    const whole = frame(Opcode.Binary, Buffer.alloc(1000, 9));
    server.socket.write(whole.subarray(0, 500));
    // The first half reached the client: a close now would land inside the frame.
    await new Promise<void>((resolve) => {
      const check = () => (client.reader.received.length >= 500 ? resolve() : client.socket.once("data", check));
      check();
    });
    // Both ways at once (shutdown() closes the client's side first: relay/shutdown.integration.test.ts).
    gateway.relays[0].close("gateway", 1001, "Gateway shutting down");
    const [backendClose] = await server.reader.until(1);
    expect(backendClose).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1001, "Gateway shutting down") });
    server.socket.write(whole.subarray(500));
    const frames = await client.reader.until(2);
    expect(frames[0].payload).toEqual(Buffer.alloc(1000, 9));
    expect(frames[1]).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1001, "Gateway shutting down") });
  });

  it("drops a throttled fragmented message but passes its control frames, and sends the notice between whole messages", async () => {
    const plan = { id: "p", name: "Bronze", eventCount: 2, timeUnit: "DAY" as const, maxConnections: null };
    const { client, server } = await connectPair({ gate: () =>
        new ThrottleGate({
          limiter: new EventLimiter(),
          key: "k",
          plan,
          buckets: { events: new EventBucket({ key: "k", limit: 2, windowMs: 86_400_000 }), burst: undefined, bandwidth: undefined },
          gatewayDefault: "drop",
        }),
    });
    // Event 1: the backend's message, of which only the first fragment comes for now.
    server.socket.write(frame(Opcode.Text, "abc", { fin: false }));
    await client.reader.until(1);
    // Event 2 passes; event 3 is dropped: its fragments go nowhere, the ping between them does.
    client.socket.write(frame(Opcode.Text, "two", { mask: true }));
    client.socket.write(
      Buffer.concat([
        frame(Opcode.Binary, "thr", { fin: false, mask: true }),
        frame(Opcode.Ping, "still", { mask: true }),
        frame(Opcode.Continuation, "ee", { mask: true }),
      ]),
    );
    const up = await server.reader.until(2);
    expect(up.map((f) => [f.opcode, f.payload.toString()])).toEqual([
      [Opcode.Text, "two"],
      [Opcode.Ping, "still"],
    ]);
    // The notice waits for the backend's message to end: a text frame cannot come between its fragments.
    server.socket.write(frame(Opcode.Continuation, "def"));
    const down = await client.reader.until(3);
    expect(down.map((f) => [f.opcode, f.fin])).toEqual([
      [Opcode.Text, false],
      [Opcode.Continuation, true],
      [Opcode.Text, true],
    ]);
    expect(JSON.parse(down[2].payload.toString())).toMatchObject({ error: "throttled" });
    expect(gateway.relays[0]).toMatchObject({ messagesIn: 1, messagesOut: 1, throttled: 1 });
  });

  it("closes with 1009 a message whose fragments together exceed maxMessageBytes, before any of the offending frame passes", async () => {
    const { client, server } = await connectPair({ settings: { maxMessageBytes: 100 } });
    client.socket.write(frame(Opcode.Binary, Buffer.alloc(60), { fin: false, mask: true }));
    await server.reader.until(1);
    client.socket.write(frame(Opcode.Continuation, Buffer.alloc(41), { mask: true }));
    const [closeToClient] = await client.reader.until(1);
    expect(closeToClient).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1009, "Message too big") });
    const frames = await server.reader.until(2);
    expect(frames[1]).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1009, "Client message too big") });
  });

  it("closes with 1002 a side that breaks the protocol, and tells the other side", async () => {
    const { client, server } = await connectPair();
    const clientEnded = once(client.socket, "end");
    // RSV1 without permessage-deflate negotiated.
    client.socket.write(frame(Opcode.Text, "x", { mask: true, rsv1: true }));
    const [closeToClient] = await client.reader.until(1);
    expect(closeToClient.opcode).toBe(Opcode.Close);
    expect(closeToClient.payload.readUInt16BE(0)).toBe(1002);
    expect(closeToClient.payload.subarray(2).toString()).toMatch(/RSV1/);
    const [closeToBackend] = await server.reader.until(1);
    expect(closeToBackend).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1002, "Client protocol error") });
    await clientEnded;
  });

  it("passes every whole frame before a close whose reason is not UTF-8 in the same chunk, then closes 1007, as ws reached directly does", async () => {
    const notUtf8 = Buffer.concat([closeBody(1000), Buffer.from([0xc3, 0x28])]);
    const chunk = Buffer.concat([frame(Opcode.Text, "a", { mask: true }), frame(Opcode.Binary, "b", { mask: true }), frame(Opcode.Close, notUtf8, { mask: true })]);
    const { client, server } = await connectPair();
    client.socket.write(chunk);
    const up = await server.reader.until(3);
    expect(up.map((f) => [f.opcode, f.payload.toString()])).toEqual([
      [Opcode.Text, "a"],
      [Opcode.Binary, "b"],
      [Opcode.Close, closeBody(1007, "Client protocol error").toString()],
    ]);
    const [toClient] = await client.reader.until(1);
    expect(toClient).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1007, "A close frame's reason must be UTF-8.") });

    // The same bytes to a ws server: the two messages, then 1007.
    const direct = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(direct, "listening");
    const seen: string[] = [];
    const failed = new Promise<Error>((resolve) =>
      direct.once("connection", (ws) => {
        ws.on("message", (m) => seen.push(m.toString()));
        ws.once("error", resolve);
      }),
    );
    const wsClient = await rawClient((direct.address() as AddressInfo).port, "/");
    wsClient.socket.write(chunk);
    const [fromWs] = await wsClient.reader.until(1);
    expect(fromWs.payload.readUInt16BE(0)).toBe(1007);
    expect(seen).toEqual(["a", "b"]);
    expect((await failed).message).toMatch(/invalid UTF-8/);
    wsClient.socket.destroy();
    await new Promise((resolve) => direct.close(resolve));
  });
});

// A TLS socket keeps the stream API while a plain one is read on its handle: what is read on
// the handle must survive until the TLS side has taken it (its writes always finish later).
describe("relay on the wire between a TCP client and a wss backend", () => {
  let dir: string;
  let tlsBackend: Awaited<ReturnType<typeof rawBackend>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "duplex-wire-tls-"));
    tlsBackend = await rawBackend({ tls: await selfSignedCertificate(dir) });
  });

  afterAll(async () => {
    await tlsBackend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes frames byte for byte while the TLS side's writes wait on a backend that does not read", async () => {
    gateway = await relayOnly(tlsBackend.url, { settings: { verifyTls: false } });
    const next = tlsBackend.next();
    const client = await rawClient(gateway.port, "/");
    const server = await next;
    // Once the kernel holds all it will toward the backend, each small chunk the gateway reads
    // waits in the TLS socket behind the one before, until the gateway stops reading the client.
    server.socket.pause();
    const up = Array.from({ length: 6000 }, (_, i) => frame(Opcode.Binary, Buffer.alloc(1000, i & 0xff), { mask: true }));
    let written = 0;
    // One small chunk per read: each written alone, with a turn of the event loop between.
    while (written < up.length && !gateway.relays[0].paused.client) {
      await new Promise((resolve) => client.socket.write(up[written++], resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const f of up.slice(written)) client.socket.write(f);
    await vi.waitFor(() => expect(gateway.relays[0].paused.client).toBe(true), { timeout: 15_000, interval: 20 });
    server.socket.resume();
    await server.reader.until(up.length);
    expect(server.reader.received.equals(Buffer.concat(up))).toBe(true);
    const down = Array.from({ length: 300 }, (_, i) => frame(Opcode.Binary, Buffer.alloc(2000 + i * 13, (i + 1) & 0xff)));
    for (const f of down) server.socket.write(f);
    await client.reader.until(down.length);
    expect(client.reader.received.equals(Buffer.concat(down))).toBe(true);
  });
});
