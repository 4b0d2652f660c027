// The relay's fast path on a plain TCP socket: after the handshake its libuv handle is read
// and written directly (handle.onread, handle.writeBuffer), the calls net.Socket makes
// underneath, without the stream machinery around every chunk. Under the bench's W2 load (one
// 64-byte message per chunk), a bare relay of a few lines spent 25 µs of user CPU per round
// trip through streams, 17 µs on the handle and 12 µs with a read buffer of its own; the
// kernel's share (about 40 µs) did not change. README.md's Benchmark section has the gateway's.
//
// The net.Socket stays the owner: it still ends, destroys and closes the handle, and it is
// still told of the end of the stream and of read errors, since those are handed back to its
// own reader. The bindings are Node's (`process.binding("stream_wrap")`, deprecated in the
// documentation only, DEP0111); where they are missing or shaped differently, and for TLS
// sockets, whose handle is not a TCP one, the relay keeps to the socket's stream API.
import type { Socket } from "node:net";
import { getSystemErrorName } from "node:util";
import { config } from "../../lib/config";

/** A write request, as net.Socket makes them: C++ keeps it while the write is queued. */
interface WriteReq {
  handle: TcpHandle;
  oncomplete: (this: WriteReq, status: number) => void;
  async: boolean;
  /** Keeps what is being written alive until the kernel has it. */
  buffer: Buffer | Buffer[] | null;
}

interface StreamBinding {
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
  kLastWriteWasAsync: number;
  WriteWrap: new () => WriteReq;
}

type OnRead = (this: TcpHandle, arrayBuffer: ArrayBuffer | undefined) => unknown;

/** What the relay calls on a TCP socket's libuv handle (node's src/stream_wrap.cc). */
export interface TcpHandle {
  onread: OnRead;
  /** net.Socket's flag for "readStart was called": kept in step so the socket never restarts reading behind the relay. */
  reading: boolean;
  readStart(): number;
  readStop(): number;
  writeBuffer(req: WriteReq, data: Buffer): number;
  writev(req: WriteReq, chunks: Buffer[], allBuffers: boolean): number;
  /** Bytes libuv holds that the kernel has not taken yet. */
  readonly writeQueueSize: number;
  /** From now on reads go into `buffer`, and onread gets no ArrayBuffer (a new buffer is what onread returns). */
  useUserBuffer(buffer: Buffer): void;
  [kOwner]?: TcpOwner;
  [kSocket]?: Socket;
  [kReadBuffer]?: Buffer;
}

/** Who is told what arrives on a handle and when a queued write completes. */
export interface TcpOwner {
  data(chunk: Buffer): void;
  /** A queued write completed (when it failed, the socket has been destroyed with the error). */
  writeDone(): void;
}

const kOwner = Symbol("duplex.relay.tcp-owner");
const kSocket = Symbol("duplex.relay.tcp-socket");
const kReadBuffer = Symbol("duplex.relay.read-buffer");

// A handle's first read gets a new ArrayBuffer, as every read does by default; from its
// second on, reads go into a buffer the handle keeps (its own: a buffer shared by handles
// could be overwritten while a queued write still points into it). Allocating per read cost
// user CPU, and freeing the allocations made W2's scavenges take 3 to 26 ms where they now
// mostly take about 1 ms. The buffer starts small, doubles while reads fill it and drops back
// once one does not come near: a connection holds 4 KiB a side once it has carried a message,
// more only while it is busy, and none before.
const smallReadBufferBytes = 4 * 1024;
const largestReadBufferBytes = 64 * 1024;
// Set when a write was queued: it may point into the read buffer it came from, which is then
// given up (the write keeps it alive) for a new one.
let lent = false;

function loadBinding(): StreamBinding | undefined {
  try {
    // process.binding is deprecated in favour of nothing public: this is the one way to the handle's writes.
    const binding = (process as unknown as { binding(name: string): Partial<StreamBinding> }).binding("stream_wrap");
    const { streamBaseState, kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync, WriteWrap } = binding;
    if (!(streamBaseState instanceof Int32Array) || typeof WriteWrap !== "function") return undefined;
    if (![kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync].every((k) => typeof k === "number" && k >= 0 && k < streamBaseState.length)) return undefined;
    return binding as StreamBinding;
  } catch {
    return undefined;
  }
}

const binding = loadBinding();
const state = binding?.streamBaseState ?? new Int32Array(4);
const kReadBytesOrError = binding?.kReadBytesOrError ?? 0;
const kArrayBufferOffset = binding?.kArrayBufferOffset ?? 0;
const kLastWriteWasAsync = binding?.kLastWriteWasAsync ?? 0;

// GATEWAY_RELAY_STREAMS=1 keeps every connection on the stream API, as a Node without the bindings would.
let streamsOnly: boolean | undefined;

/** For tests of the stream path: relays started from now on use it (true) or the handle where they can (false). */
export function relayOnStreams(on: boolean): void {
  streamsOnly = on;
}

/** The socket's TCP handle when the fast path can be used on it; undefined keeps the stream API. */
export function tcpHandleOf(socket: Socket): TcpHandle | undefined {
  streamsOnly ??= config().GATEWAY_RELAY_STREAMS === "1";
  if (!binding || streamsOnly) return undefined;
  const handle = (socket as unknown as { _handle?: TcpHandle | null })._handle;
  if (!handle || handle.constructor?.name !== "TCP") return undefined;
  if (typeof handle.onread !== "function" || typeof handle.writeBuffer !== "function" || typeof handle.writev !== "function") return undefined;
  return handle;
}

/**
 * Takes over reading: what the socket had buffered already is returned (it comes before
 * anything read from now on), and every later chunk goes to `owner.data`. The end of the
 * stream and read errors still go to the socket's own reader, so it emits end, error and close.
 * `ownBuffer` only when what is read goes on through writeTo: a stream write (to a TLS socket)
 * may keep a chunk past the read without the handle knowing, so it must get a new one each time.
 */
export function takeReads(socket: Socket, handle: TcpHandle, owner: TcpOwner, ownBuffer: boolean): Buffer[] {
  const buffered: Buffer[] = [];
  // read() leaves the socket's reader marked as reading (nothing is pushed to it from now on),
  // so it never calls readStart again on its own: only startReading and stopReading do.
  for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null; ) buffered.push(chunk);
  const streamOnRead = handle.onread;
  handle[kOwner] = owner;
  handle.onread = function onRead(this: TcpHandle, arrayBuffer: ArrayBuffer | undefined) {
    const n = state[kReadBytesOrError];
    if (n <= 0) return n < 0 ? streamOnRead.call(this, arrayBuffer) : undefined;
    const own = this[kReadBuffer];
    lent = false;
    if (own === undefined) {
      this[kOwner]!.data(Buffer.from(arrayBuffer!, state[kArrayBufferOffset], n));
      if (ownBuffer) this.useUserBuffer((this[kReadBuffer] = Buffer.allocUnsafeSlow(smallReadBufferBytes)));
      return undefined;
    }
    this[kOwner]!.data(own.subarray(0, n));
    // A read that filled the buffer may have left more behind: the next one gets more room.
    const size = n === own.length ? Math.min(own.length * 2, largestReadBufferBytes) : n <= smallReadBufferBytes / 2 ? smallReadBufferBytes : own.length;
    if (!lent && size === own.length) return undefined;
    const next = Buffer.allocUnsafeSlow(size);
    this[kReadBuffer] = next;
    return next;
  };
  return buffered;
}

export function startReading(handle: TcpHandle): void {
  if (handle.reading) return;
  handle.reading = true;
  handle.readStart();
}

export function stopReading(handle: TcpHandle): void {
  if (!handle.reading) return;
  handle.reading = false;
  handle.readStop();
}

// One request serves every write the kernel takes at once; one it queues keeps its own.
let spare: WriteReq | undefined;

function onWriteComplete(this: WriteReq, status: number) {
  this.buffer = null;
  const handle = this.handle;
  const owner = handle[kOwner];
  if (status < 0) destroyWith(handle, status);
  owner?.writeDone();
}

function destroyWith(handle: TcpHandle, status: number) {
  const socket = handle[kSocket];
  if (!socket || socket.destroyed) return;
  const error = Object.assign(new Error(`write ${getSystemErrorName(status)}`), { code: getSystemErrorName(status), errno: status, syscall: "write" });
  socket.destroy(error);
}

/** Makes `socket` the one destroyed when a write on `handle` fails. */
export function ownWrites(socket: Socket, handle: TcpHandle): void {
  handle[kSocket] = socket;
}

/** What became of a write: the kernel took it all, libuv queued some of it, or it failed. */
export const Written = { All: 0, Queued: 1, Failed: 2 } as const;

/**
 * Writes `data` (a buffer, or buffers in order) in one call. An array is the caller's to reuse
 * once this returns. When the write fails the socket is destroyed with the error, as its own
 * write would have done.
 */
export function writeTo(handle: TcpHandle, data: Buffer | Buffer[]): number {
  let req = spare;
  if (!req) {
    req = new binding!.WriteWrap();
    req.oncomplete = onWriteComplete;
    req.async = false;
    req.buffer = null;
  }
  req.handle = handle;
  const many = Array.isArray(data);
  const err = many ? handle.writev(req, data, true) : handle.writeBuffer(req, data);
  if (err !== 0) {
    spare = req;
    destroyWith(handle, err);
    return Written.Failed;
  }
  if (state[kLastWriteWasAsync]) {
    lent = true;
    req.async = true;
    // libuv holds pointers into the buffers, not the array: a copy of it keeps them alive.
    req.buffer = many ? data.slice() : data;
    spare = undefined;
    return Written.Queued;
  }
  spare = req;
  return Written.All;
}
