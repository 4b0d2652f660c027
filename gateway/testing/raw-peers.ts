// WebSocket peers on bare sockets, for tests that look at the bytes on the wire: a client and
// a backend that do the opening handshake and then write and read frames exactly as a test
// builds them; a reader that splits what arrives into frames (unmasked); and a small gateway
// made of the relay's own parts, whose Relay objects a test can inspect.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { defaultEndpointConfig, type EndpointConfig } from "../../lib/endpoint-config";
import { Abandon, adopt, BackendConnection, connectBackend } from "../backend/connect";
import type { MessageGate, RelayEnd, RelayOptions } from "../relay/relay";
import { Relay } from "../relay/relay";
import { FrameParser } from "../relay/frame-parser";
import { acceptFor, answerUpgrade, relayableExtensions } from "../relay/opening-handshake";

export interface Frame {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  /** Unmasked. */
  payload: Buffer;
}

/** Collects the frames of a byte stream (client or server side), and every byte as it came. */
export class FrameReader {
  readonly frames: Frame[] = [];
  readonly bytes: Buffer[] = [];
  error: string | undefined;
  #pieces: Buffer[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];
  readonly #parser = new FrameParser({
    onHeader: () => (this.#pieces = []),
    onPayload: (chunk, start, end) => this.#pieces.push(Buffer.from(chunk.subarray(start, end))),
    onFrameEnd: (p) => {
      const raw = Buffer.concat(this.#pieces);
      const payload = p.masked ? raw.map((b, i) => b ^ p.maskKey[i & 3]) : raw;
      this.frames.push({ fin: p.fin, rsv1: p.rsv1, opcode: p.opcode, payload: Buffer.from(payload) });
      this.#waiters = this.#waiters.filter((w) => (this.frames.length >= w.count ? (w.resolve(), false) : true));
    },
    onError: (e) => (this.error = e.message),
    // RSV1 is reported, not refused: a test reads compressed messages too.
  }, { compressed: true });

  push(chunk: Buffer): void {
    this.bytes.push(chunk);
    this.#parser.push(chunk);
  }

  get received(): Buffer {
    return Buffer.concat(this.bytes);
  }

  /** Resolves once `count` frames have arrived in all. */
  until(count: number): Promise<Frame[]> {
    if (this.frames.length >= count) return Promise.resolve(this.frames);
    return new Promise((resolve) => this.#waiters.push({ count, resolve: () => resolve(this.frames) }));
  }
}

/** One frame as a peer puts it on the wire (RFC 6455 §5.2); `mask` for a client's. */
export function frame(opcode: number, payload: Buffer | string, options: { fin?: boolean; mask?: boolean; rsv1?: boolean } = {}): Buffer {
  const body = Buffer.from(payload);
  const length = body.length;
  const size = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const header = Buffer.alloc(2 + size + (options.mask ? 4 : 0));
  header[0] = (options.fin === false ? 0 : 0x80) | (options.rsv1 ? 0x40 : 0) | opcode;
  header[1] = (options.mask ? 0x80 : 0) | (size === 8 ? 127 : size === 2 ? 126 : length);
  if (size === 2) header.writeUInt16BE(length, 2);
  if (size === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!options.mask) return Buffer.concat([header, body]);
  const key = randomBytes(4);
  key.copy(header, 2 + size);
  return Buffer.concat([header, body.map((b, i) => b ^ key[i & 3])]);
}

export function closeBody(code: number, reason = ""): Buffer {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return body;
}

export interface RawPeer {
  socket: Socket;
  reader: FrameReader;
  /** The handshake request (backend) or response head (client) as text. */
  handshake: string;
}

/** Reads `socket` until the end of an HTTP head; the bytes after it go to `reader`. */
function readHead(socket: Socket, reader: FrameReader): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.removeListener("data", onData);
      socket.on("data", (c: Buffer) => reader.push(c));
      if (head.length > end + 4) reader.push(head.subarray(end + 4));
      resolve(head.subarray(0, end).toString("latin1"));
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

/** A client on a bare socket; rejects unless the answer is 101. */
export async function rawClient(port: number, path: string, headers: Record<string, string> = {}): Promise<RawPeer> {
  const socket = connect({ port, host: "127.0.0.1", noDelay: true });
  const reader = new FrameReader();
  const key = randomBytes(16).toString("base64");
  const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${key}`, "Sec-WebSocket-Version: 13"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  const handshake = await readHead(socket, reader);
  if (!handshake.startsWith("HTTP/1.1 101") || !handshake.includes(acceptFor(key))) throw new Error(`handshake refused: ${handshake.split("\r\n")[0]}`);
  return { socket, reader, handshake };
}

/** A backend on a bare socket: answers every handshake with 101 (and `extensions`, when set) and hands over its side. With `tls`, a wss:// one. */
export async function rawBackend(options: { tls?: { cert: string; key: string }; extensions?: string } = {}) {
  const connections: RawPeer[] = [];
  const waiting: ((peer: RawPeer) => void)[] = [];
  const onSocket = (socket: Socket) => {
    socket.setNoDelay(true);
    const reader = new FrameReader();
    void readHead(socket, reader).then((request) => {
      const key = /^sec-websocket-key: *(.+)$/im.exec(request)?.[1].trim() ?? "";
      const extensions = options.extensions ? `Sec-WebSocket-Extensions: ${options.extensions}\r\n` : "";
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n${extensions}\r\n`);
      const peer = { socket, reader, handshake: request };
      connections.push(peer);
      waiting.shift()?.(peer);
    });
  };
  const server = options.tls ? createTlsServer(options.tls, onSocket) : createServer(onSocket);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `${options.tls ? "wss" : "ws"}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    /** The next connection that completes its handshake. */
    next: () => new Promise<RawPeer>((resolve) => waiting.push(resolve)),
    close: () => {
      for (const c of connections) c.socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The gateway's relay behind a bare HTTP server, without routing or tokens: the relay's Relay objects and their ends are visible. */
export async function relayOnly(
  backendUrl: string,
  options: { settings?: Partial<EndpointConfig>; gate?: () => MessageGate | undefined; relay?: Pick<RelayOptions, "stalledWriteTimeoutMs"> } = {},
) {
  const settings = { ...defaultEndpointConfig, ...options.settings };
  const relays: Relay[] = [];
  /** The gateway's side of each backend connection. */
  const backendSockets: Socket[] = [];
  const ends: RelayEnd[] = [];
  const endWaiters: (() => void)[] = [];
  const server = createHttpServer();
  server.on("upgrade", async (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const backend = await connectBackend({
      target: { url: backendUrl, connectTimeoutMs: settings.connectTimeoutMs, endpoint: { key: backendUrl, base: backendUrl, query: "", connectTimeoutMs: settings.connectTimeoutMs, settings } },
      protocols: [],
      headers: {},
      signal: new Abandon(),
      extensions: relayableExtensions(req.headers["sec-websocket-extensions"]),
    });
    if (!(backend instanceof BackendConnection)) return socket.destroy();
    answerUpgrade(socket, req.headers["sec-websocket-key"]!, backend.protocol, backend.extensions);
    backendSockets.push(backend.socket);
    const relay = new Relay({
      client: socket,
      clientHead: head,
      backend: adopt(backend),
      backendHead: backend.head,
      idleTimeoutMs: settings.idleTimeoutMs,
      maxMessageBytes: settings.maxMessageBytes,
      compressed: backend.extensions !== "",
      gate: options.gate?.(),
      ...options.relay,
      onEnd: (end) => {
        ends.push(end);
        endWaiters.shift()?.();
      },
    });
    relays.push(relay);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    relays,
    backendSockets,
    ends,
    /** Resolves once `count` relayed connections have ended in all. */
    ended: async (count: number) => {
      while (ends.length < count) await new Promise<void>((resolve) => endWaiters.push(resolve));
      return ends;
    },
    close: () => {
      for (const r of relays) r.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
