// The load generator's WebSocket client: raw `net` sockets, one handshake request built
// once per target, frames pre-built and pre-masked, and the gateway's own frame-header
// parser to read the echoes. Every echo is checked: binary, unmasked, the length sent, and
// the sequence number the connection expects next (its first 4 payload bytes).
import { createHash } from "node:crypto";
import { connect, type Socket } from "node:net";
import { FrameParser, Opcode } from "../gateway/relay/frame-parser";

export interface Target {
  name: string;
  host: string;
  port: number;
  path: string;
  token?: string;
}

// One key for every handshake: servers do not care, and the expected accept is computed once.
const key = "ZHVwbGV4LWJlbmNoLWtleQ==";
const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
const maskKey = Buffer.from([0x9e, 0x37, 0x79, 0xb9]);
const maskWord = maskKey.readUInt32BE(0);

export function upgradeRequest(target: Target): Buffer {
  const lines = [
    `GET ${target.path} HTTP/1.1`,
    `Host: ${target.host}:${target.port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
    ...(target.token ? [`Authorization: Bearer ${target.token}`] : []),
  ];
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`);
}

/** Opens a WebSocket: resolves with the socket and any bytes that followed the 101 response. */
export function handshake(target: Target, request: Buffer): Promise<{ socket: Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port, noDelay: true });
    let head: Buffer = Buffer.alloc(0);
    const fail = (e: Error) => {
      socket.destroy();
      reject(e);
    };
    socket.once("error", fail);
    socket.on("data", function onData(chunk: Buffer) {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return head.length > 8192 ? fail(new Error(`${target.name}: no end of the handshake response`)) : undefined;
      socket.removeListener("data", onData);
      socket.removeListener("error", fail);
      const response = head.subarray(0, end).toString("latin1");
      if (!response.startsWith("HTTP/1.1 101") || !response.includes(accept)) {
        return fail(new Error(`${target.name}: handshake refused: ${response.split("\r\n")[0]}`));
      }
      resolve({ socket, rest: head.subarray(end + 4) });
    });
    socket.write(request);
  });
}

/** A binary message of `size` bytes carrying a sequence number, as a masked client frame. */
export class MessageTemplate {
  readonly frame: Buffer;
  readonly seqAt: number;

  constructor(readonly size: number) {
    const lengthBytes = size > 0xffff ? 8 : size > 125 ? 2 : 0;
    this.seqAt = 2 + lengthBytes + 4;
    this.frame = Buffer.alloc(this.seqAt + size);
    this.frame[0] = 0x80 | Opcode.Binary;
    this.frame[1] = 0x80 | (lengthBytes === 8 ? 127 : lengthBytes === 2 ? 126 : size);
    if (lengthBytes === 2) this.frame.writeUInt16BE(size, 2);
    if (lengthBytes === 8) this.frame.writeBigUInt64BE(BigInt(size), 2);
    maskKey.copy(this.frame, 2 + lengthBytes);
    for (let i = 4; i < size; i++) this.frame[this.seqAt + i] = (i & 0xff) ^ maskKey[i & 3];
  }

  /** `count` frames numbered from `firstSeq`, in one buffer for one write. */
  batch(firstSeq: number, count: number): Buffer {
    const length = this.frame.length;
    const out = Buffer.allocUnsafe(length * count);
    for (let i = 0; i < count; i++) {
      this.frame.copy(out, i * length);
      out.writeUInt32BE(((firstSeq + i) ^ maskWord) >>> 0, i * length + this.seqAt);
    }
    return out;
  }
}

/** A close frame with code 1000, as a client sends it. */
export const closeFrame = (() => {
  const frame = Buffer.from([0x80 | Opcode.Close, 0x82, ...maskKey, 0, 0]);
  frame.writeUInt16BE(1000 ^ (maskKey[0] << 8) ^ maskKey[1], 6);
  return frame;
})();

/**
 * Reads the echoes on one connection and checks each: `onMessage` gets the count of
 * messages completed by each chunk, after the chunk is parsed, so replies go in one write.
 */
export class EchoReader {
  expected = 0;
  error: string | undefined;
  closeReceived = false;
  #seq = 0;
  #seqBytes = 0;
  readonly #parser: FrameParser;

  constructor(
    readonly size: number,
    private readonly onMessage: (seq: number) => void,
  ) {
    this.#parser = new FrameParser(
      {
        onHeader: (p) => {
          this.#seq = 0;
          this.#seqBytes = 0;
          if (p.opcode === Opcode.Close) {
            this.closeReceived = true;
            return;
          }
          if (!p.fin || p.opcode !== Opcode.Binary || p.payloadLength !== this.size) {
            this.error ??= `unexpected frame: fin ${p.fin}, opcode ${p.opcode}, ${p.payloadLength} bytes (sent ${this.size})`;
          }
        },
        onPayload: (chunk, start, end) => {
          for (let i = start; i < end && this.#seqBytes < 4; i++, this.#seqBytes++) this.#seq = this.#seq * 256 + chunk[i];
        },
        onFrameEnd: (p) => {
          if (p.opcode !== Opcode.Binary) return;
          if (this.#seq !== this.expected) this.error ??= `message ${this.#seq} arrived where ${this.expected} was due`;
          this.expected++;
          this.onMessage(this.#seq);
        },
        onError: (e) => (this.error ??= `bad frame from the server: ${e.message}`),
      },
      { from: "server" },
    );
  }

  push(chunk: Buffer): void {
    this.#parser.push(chunk);
  }
}
