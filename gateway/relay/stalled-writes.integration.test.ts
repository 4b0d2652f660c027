// A side that stops reading cannot pin its connection: once what the gateway writes to it has
// not drained for the stall timeout, its socket is reset and the other side told why. Before,
// a backend that read nothing held its clients (and their queued bytes) until it died.
import { once } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Opcode } from "./frame-parser";
import { onRelayPath, relayPaths } from "../testing/relay-paths";
import { closeBody, frame, rawBackend, rawClient, relayOnly, type RawPeer } from "../testing/raw-peers";

let backend: Awaited<ReturnType<typeof rawBackend>>;
let gateway: Awaited<ReturnType<typeof relayOnly>>;

beforeAll(async () => {
  backend = await rawBackend();
});
afterAll(() => backend?.close());
afterEach(() => gateway?.close());

const size = 64 * 1024;

/** Writes frames from `from` until the test ends or its socket closes. */
function flood(from: RawPeer, mask: boolean) {
  const payload = Buffer.alloc(size, 7);
  const pump = () => {
    while (!from.socket.destroyed && from.socket.writable) {
      if (!from.socket.write(frame(Opcode.Binary, payload, { mask }))) return void from.socket.once("drain", pump);
    }
  };
  from.socket.on("error", () => {});
  pump();
}

/** The close frame that reaches `peer`, once it has. */
async function closeFrameOf(peer: RawPeer) {
  for (;;) {
    const close = peer.reader.frames.find((f) => f.opcode === Opcode.Close);
    if (close) return { code: close.payload.readUInt16BE(0), reason: close.payload.subarray(2).toString() };
    await peer.reader.until(peer.reader.frames.length + 1);
  }
}

async function connectPair() {
  gateway = await relayOnly(backend.url, { settings: { maxMessageBytes: size }, relay: { stalledWriteTimeoutMs: 300 } });
  const server = backend.next();
  const client = await rawClient(gateway.port, "/");
  return { client, server: await server };
}

describe.each(relayPaths)("stalled writes %s", (_, streams) => {
  onRelayPath(streams);

  it("resets a backend that stops reading and closes its client with 1011", async () => {
    const { client, server } = await connectPair();
    server.socket.pause();
    flood(client, true);
    expect(await closeFrameOf(client)).toEqual({ code: 1011, reason: "Backend not reading" });
    client.socket.end(frame(Opcode.Close, closeBody(1011), { mask: true }));
    // Reset, not closed in order: the bytes queued toward it are dropped, in the kernel too.
    server.socket.on("error", () => {});
    server.socket.resume();
    await once(server.socket, "close");
    const [end] = await gateway.ended(1);
    expect(end).toMatchObject({ closedBy: "gateway", code: 1011, reason: "Backend not reading", error: "backend: not reading for 300 ms" });
  });

  it("resets a client that stops reading and closes its backend with 1001", async () => {
    const { client, server } = await connectPair();
    client.socket.pause();
    flood(server, false);
    expect(await closeFrameOf(server)).toEqual({ code: 1001, reason: "Client not reading" });
    server.socket.end(frame(Opcode.Close, closeBody(1001)));
    client.socket.on("error", () => {});
    client.socket.resume();
    await once(client.socket, "close");
    const [end] = await gateway.ended(1);
    expect(end).toMatchObject({ closedBy: "gateway", code: 1006, error: "client: not reading for 300 ms" });
  });
});
