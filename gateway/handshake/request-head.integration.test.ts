// The head read off real sockets: across chunks, with what follows it kept, and the
// connections node:http would refuse refused the same way.
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { maxHeadBytes, readRequestHead, type RequestHead } from "./request-head";

let server: Server | undefined;
afterEach(() => server?.close());

interface Received {
  head: RequestHead;
  rest: Buffer;
  socket: Socket;
}

/** A listener reading each connection's head; resolves what the first one sent. */
async function listener(timeoutMs?: number) {
  const pending = new Set<Socket>();
  let resolve!: (r: Received) => void;
  const received = new Promise<Received>((r) => (resolve = r));
  server = createServer((socket) => readRequestHead(socket, (head, s, rest) => resolve({ head, rest, socket: s }), pending, timeoutMs));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, received, pending };
}

/** Everything the server sends until it closes the connection. */
async function answer(port: number, ...chunks: string[]): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const parts: Buffer[] = [];
  socket.on("data", (d: Buffer) => parts.push(d));
  const closed = once(socket, "close");
  for (const chunk of chunks) await new Promise<void>((r) => socket.write(chunk, () => r()));
  await closed;
  return Buffer.concat(parts).toString();
}

describe("readRequestHead", () => {
  it("reads a head split across chunks and keeps the bytes after it", async () => {
    const { port, received, pending } = await listener();
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    for (const chunk of ["GET /a HTTP/1.1\r\nUpgr", "ade: websocket\r\nConnection: Upgrade\r", "\n\r", "\nfirst frame"]) {
      await new Promise<void>((r) => socket.write(chunk, () => r()));
    }
    const r = await received;
    expect(r.head).toMatchObject({ method: "GET", url: "/a", upgrade: true });
    expect(r.rest.toString()).toBe("first frame");
    expect(pending.size).toBe(0);
    // The socket is handed on paused, its later bytes kept for whoever reads it next.
    expect(r.socket.isPaused()).toBe(true);
    socket.write("second");
    r.socket.resume();
    const [later] = (await once(r.socket, "data")) as [Buffer];
    expect(later.toString()).toBe("second");
    socket.destroy();
  });

  it("answers 431 to a head over 16 KiB, and 400 to a malformed one", async () => {
    const { port } = await listener();
    const big = await answer(port, `GET / HTTP/1.1\r\nX: ${"a".repeat(maxHeadBytes)}`);
    expect(big).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(big).toContain('"error":"request_header_fields_too_large"');
    const bad = await answer(port, "GET / HTTP/1.1\r\nHost : x\r\n\r\n");
    expect(bad).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it("answers 408 to a head that does not finish in time, and forgets the connection", async () => {
    const { port, pending } = await listener(200);
    const reply = await answer(port, "GET / HTTP/1.1\r\nHost: x\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(pending.size).toBe(0);
  });
});
