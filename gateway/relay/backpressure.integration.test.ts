// Backpressure (issue 5): a side that stops reading makes the gateway stop reading the other
// side, so what the gateway holds for a connection stays bounded whatever the peers do; and
// when the slow side reads again, everything arrives, in order.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Opcode } from "./frame-parser";
import { maxBufferedBytes } from "./peer";
import { onRelayPath, relayPaths } from "../testing/relay-paths";
import { frame, rawBackend, rawClient, relayOnly, type RawPeer } from "../testing/raw-peers";

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

// 16 MiB: more than the kernel's socket buffers between the gateway and a peer that does not read.
const count = 1024;
const size = 16 * 1024;
// A write buffer at its bound plus one chunk read from each socket.
const bound = 4 * maxBufferedBytes;

function numbered(seq: number, mask: boolean): Buffer {
  const payload = Buffer.alloc(size, seq & 0xff);
  payload.writeUInt32BE(seq, 0);
  return frame(Opcode.Binary, payload, { mask });
}

/** Writes `count` numbered frames as fast as `from`'s socket takes them, calling `sample` before each. */
function flood(from: RawPeer, mask: boolean, sample: () => void) {
  let seq = 0;
  const pump = () => {
    while (seq < count) {
      sample();
      if (!from.socket.write(numbered(seq++, mask))) return void from.socket.once("drain", pump);
    }
  };
  pump();
}

function expectAllInOrder(to: RawPeer) {
  expect(to.reader.error).toBeUndefined();
  expect(to.reader.frames.map((f) => f.payload.readUInt32BE(0))).toEqual([...Array(count).keys()]);
}

async function connectPair() {
  gateway = await relayOnly(backend.url, { settings: { maxMessageBytes: size } });
  const server = backend.next();
  const client = await rawClient(gateway.port, "/");
  return { client, server: await server, relay: gateway.relays[0] };
}

describe.each(relayPaths)("backpressure %s", (_, streams) => {
  onRelayPath(streams);

  it("stops reading the backend while the client does not read, holds a bounded amount meanwhile, and resumes when the client reads", async () => {
    const { client, server, relay } = await connectPair();
    client.socket.pause();
    let most = 0;
    const sample = () => (most = Math.max(most, relay.bufferedBytes));
    flood(server, false, sample);
    await vi.waitFor(() => expect(relay.paused.backend).toBe(true), { timeout: 15_000, interval: 20 });
    sample();
    expect(relay.paused.client).toBe(false);
    client.socket.on("data", sample);
    client.socket.resume();
    await client.reader.until(count);
    expectAllInOrder(client);
    expect(most).toBeLessThanOrEqual(bound);
    expect(relay.paused.backend).toBe(false);
  });

  it("stops reading the client while the backend does not read, holds a bounded amount meanwhile, and resumes when the backend reads", async () => {
    const { client, server, relay } = await connectPair();
    server.socket.pause();
    let most = 0;
    const sample = () => (most = Math.max(most, relay.bufferedBytes));
    flood(client, true, sample);
    await vi.waitFor(() => expect(relay.paused.client).toBe(true), { timeout: 15_000, interval: 20 });
    sample();
    expect(relay.paused.backend).toBe(false);
    server.socket.on("data", sample);
    server.socket.resume();
    await server.reader.until(count);
    expectAllInOrder(server);
    expect(most).toBeLessThanOrEqual(bound);
    expect(relay.paused.client).toBe(false);
  });
});
