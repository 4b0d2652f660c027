// Compressed messages (permessage-deflate, RFC 7692) at the size they inflate to: the gateway
// negotiates no context takeover either way, holds a compressed message until its last
// fragment, and passes it on as one frame only when it inflates within maxMessageBytes. A small
// message that inflates past it never reaches the other side: 1009. On raw sockets, so that
// what each side receives is read frame by frame.
import { randomBytes } from "node:crypto";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Opcode } from "./frame-parser";
import { deflateOffer } from "./opening-handshake";
import { onRelayPath, relayPaths } from "../testing/relay-paths";
import { closeBody, frame, rawBackend, rawClient, relayOnly, type RawPeer } from "../testing/raw-peers";

let backend: Awaited<ReturnType<typeof rawBackend>>;
let gateway: Awaited<ReturnType<typeof relayOnly>> | undefined;

beforeAll(async () => {
  // A backend that accepts what the gateway offers, as ws does.
  backend = await rawBackend({ extensions: "permessage-deflate; server_no_context_takeover; client_no_context_takeover" });
});

afterAll(async () => {
  await backend?.close();
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function connectPair(maxMessageBytes: number): Promise<{ client: RawPeer; server: RawPeer }> {
  gateway = await relayOnly(backend.url, { settings: { maxMessageBytes } });
  const server = backend.next();
  const client = await rawClient(gateway.port, "/", { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" });
  return { client, server: await server };
}

/** A message's payload as permessage-deflate sends it (§7.2.1): raw deflate to a sync flush, its 4-byte tail removed. */
function deflated(data: Buffer): Buffer {
  const out = deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

function inflated(payload: Buffer): Buffer {
  return inflateRawSync(Buffer.concat([payload, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH });
}

describe.each(relayPaths)("compressed messages %s", (_, streams) => {
  onRelayPath(streams);

  it("are negotiated without context takeover either way: the backend is offered exactly that, the client told so", async () => {
    const { client, server } = await connectPair(1024);
    expect(/^sec-websocket-extensions: *(.+)$/im.exec(server.handshake)?.[1].trim()).toBe(deflateOffer);
    expect(/^sec-websocket-extensions: *(.+)$/im.exec(client.handshake)?.[1].trim()).toBe(
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
    );
  });

  it("within maxMessageBytes once inflated, pass on as one compressed frame, fragments joined, control frames between them first; plain ones byte for byte", async () => {
    const { client, server } = await connectPair(64 * 1024);
    const text = Buffer.from("hello, compressed world. ".repeat(1000)); // 25,000 bytes
    const payload = deflated(text);
    const third = Math.floor(payload.length / 3);
    client.socket.write(
      Buffer.concat([
        frame(Opcode.Text, payload.subarray(0, third), { fin: false, mask: true, rsv1: true }),
        frame(Opcode.Ping, "between", { mask: true }),
        frame(Opcode.Continuation, payload.subarray(third, 2 * third), { fin: false, mask: true }),
        frame(Opcode.Continuation, payload.subarray(2 * third), { mask: true }),
        frame(Opcode.Binary, "plain", { mask: true }),
      ]),
    );
    const up = await server.reader.until(3);
    expect(up.map((f) => [f.opcode, f.fin, f.rsv1])).toEqual([
      [Opcode.Ping, true, false],
      [Opcode.Text, true, true],
      [Opcode.Binary, true, false],
    ]);
    expect(inflated(up[1].payload).equals(text)).toBe(true);
    expect(up[2].payload.toString()).toBe("plain");

    // And from the backend: unmasked, as a server's frames are.
    const back = deflated(Buffer.alloc(30_000, 7));
    server.socket.write(frame(Opcode.Binary, back, { rsv1: true }));
    const [down] = await client.reader.until(1);
    expect([down.opcode, down.fin, down.rsv1]).toEqual([Opcode.Binary, true, true]);
    expect(inflated(down.payload).equals(Buffer.alloc(30_000, 7))).toBe(true);
    expect(client.reader.error).toBeUndefined();
  });

  it("come out the same however TCP splits them: mask phases and headers across chunks, fragments of every size", async () => {
    const { client, server } = await connectPair(64 * 1024);
    // Random bytes barely compress: the payloads are about as long as the messages.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const messages = [700, 1, 5000, 130].map((n) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256))));
    const wire = Buffer.concat(
      messages.flatMap((m, i) => {
        const payload = deflated(m);
        const cut = Math.floor(payload.length / 2) + i;
        return [
          frame(Opcode.Binary, payload.subarray(0, cut), { fin: false, mask: true, rsv1: true }),
          frame(Opcode.Continuation, payload.subarray(cut), { mask: true }),
        ];
      }),
    );
    for (let at = 0; at < wire.length; ) {
      const size = 1 + Math.floor(random() * 40);
      await new Promise((resolve) => client.socket.write(wire.subarray(at, at + size), resolve));
      at += size;
    }
    const up = await server.reader.until(messages.length);
    expect(up.map((f) => inflated(f.payload).equals(messages[up.indexOf(f)]))).toEqual(messages.map(() => true));
    expect(up.every((f) => f.rsv1 && f.fin)).toBe(true);
  });

  it("in 20,000 one-byte fragments still pass on whole, as one frame", async () => {
    const { client, server } = await connectPair(64 * 1024);
    // Random bytes barely compress: about as many fragments as bytes.
    const text = randomBytes(20_000);
    const payload = deflated(text);
    const frames = [...payload].map((b, i) => frame(i === 0 ? Opcode.Binary : Opcode.Continuation, Buffer.from([b]), { fin: i === payload.length - 1, mask: true, rsv1: i === 0 }));
    expect(frames.length).toBeGreaterThan(20_000);
    client.socket.write(Buffer.concat(frames));
    const [up] = await server.reader.until(1);
    expect([up.opcode, up.fin, up.rsv1]).toEqual([Opcode.Binary, true, true]);
    expect(inflated(up.payload).equals(text)).toBe(true);
  });

  it("from the client, inflating past maxMessageBytes: 1009, and none of it reaches the backend", async () => {
    const { client, server } = await connectPair(1024);
    const bomb = deflated(Buffer.alloc(4096)); // a few bytes on the wire
    expect(bomb.length).toBeLessThan(100);
    client.socket.write(Buffer.concat([frame(Opcode.Text, "before", { mask: true }), frame(Opcode.Binary, bomb, { mask: true, rsv1: true })]));
    const [closeToClient] = await client.reader.until(1);
    expect(closeToClient).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1009, "Message too big") });
    const frames = await server.reader.until(2);
    expect(frames.map((f) => [f.opcode, f.payload.toString()])).toEqual([
      [Opcode.Text, "before"],
      [Opcode.Close, closeBody(1009, "Client message too big").toString()],
    ]);
  });

  it("from the backend, inflating past maxMessageBytes: 1009, and the client never receives it", async () => {
    const { client, server } = await connectPair(64 * 1024);
    server.socket.write(frame(Opcode.Binary, deflated(Buffer.alloc(4 * 1024 * 1024)), { rsv1: true }));
    const [closeToBackend] = await server.reader.until(1);
    expect(closeToBackend).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1009, "Message too big") });
    const [closeToClient] = await client.reader.until(1);
    expect(closeToClient).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1009, "Backend message too big") });
    expect(client.reader.frames).toHaveLength(1);
  });

  it("that does not inflate close 1007, as ws reached directly does", async () => {
    const { client, server } = await connectPair(1024);
    client.socket.write(frame(Opcode.Text, Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]), { mask: true, rsv1: true }));
    const [closeToClient] = await client.reader.until(1);
    expect(closeToClient).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1007, "A compressed message that does not inflate.") });
    const [closeToBackend] = await server.reader.until(1);
    expect(closeToBackend).toMatchObject({ opcode: Opcode.Close, payload: closeBody(1007, "Client protocol error") });
  });
});
