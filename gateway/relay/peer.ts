// One side of a relayed connection: its socket, and the frames it sends on their way to the
// other side. The bytes go as they arrived (a client's still masked, a server's unmasked,
// compressed ones still compressed): each chunk read is written on in one piece unless a
// frame in it is dropped or is a close frame, and the frame-header parser only says where
// frames start and end. The few frames the gateway writes itself (close frames, the
// throttling notice) wait for a frame boundary in this stream, and the notice for a message
// boundary, since RFC 6455 §5.4 lets only control frames come between a message's fragments.
// A plain TCP socket is read and written on its handle (relay/tcp-handle.ts); a TLS one
// through its stream API. A compressed message (permessage-deflate) is the one exception to
// bytes passing as they came: it is held until its last fragment, sized as it inflates
// (relay/inflated-size.ts), and passed on as one frame, or refused with 1009.
import type { Socket } from "node:net";
import { FrameParser, Opcode, type FrameError, type FrameHandler } from "./frame-parser";
import { encodeFrame, parseCloseBody } from "./frames";
import { inflatedSize } from "./inflated-size";
import { ownWrites, startReading, stopReading, takeReads, tcpHandleOf, writeTo, Written, type TcpHandle, type TcpOwner } from "./tcp-handle";

/** Bytes waiting in a socket's write buffer beyond which the other side is no longer read. */
export const maxBufferedBytes = 64 * 1024;

/**
 * What a peer tells the connection it is one side of: declared here, so that relay.ts passes
 * itself to its two peers and this file imports nothing of it.
 */
/** What a side's protocol error closes it with: 1002 protocol error, 1007 invalid data (a close reason not UTF-8), 1009 too big. */
export type ProtocolCloseCode = 1002 | 1007 | 1009;

export interface PeerOwner {
  /** A data message begins: false drops it (throttling). */
  admit(from: Peer): boolean;
  /** A ping or pong arrives: false drops it (too many, or over the plan's event limit). */
  admitControl(from: Peer): boolean;
  /** `reader` is no longer read: backpressure from its other side. */
  readingPaused(reader: Peer): void;
  readingResumed(reader: Peer): void;
  countBytes(from: Peer, payloadBytes: number): void;
  /** A message passed: the connection is not idle. */
  active(): void;
  closeFrameReceived(from: Peer, code: number, reason: string): void;
  protocolError(from: Peer, code: ProtocolCloseCode, message: string): void;
  socketError(peer: Peer, e: Error): void;
  socketClosed(peer: Peer): void;
}

export interface PeerOptions {
  owner: PeerOwner;
  socket: Socket;
  /** Frames from the client go to the backend, and are masked. */
  isClient: boolean;
  maxMessageBytes?: number;
  compressed?: boolean;
}

const kPeer = Symbol("duplex.relay.peer");
type PeerSocket = Socket & { [kPeer]: Peer };

// Listeners shared by every socket (the peer is found on the socket): a relayed connection
// holds no closures of its own.
function onData(this: PeerSocket, chunk: Buffer) {
  this[kPeer].data(chunk);
}
function onEnd(this: PeerSocket) {
  this[kPeer].peerEnded();
}
function onClose(this: PeerSocket) {
  const peer = this[kPeer];
  peer.owner.socketClosed(peer);
}
function onError(this: PeerSocket, e: Error) {
  const peer = this[kPeer];
  peer.owner.socketError(peer, e);
}
function onDrain(this: PeerSocket) {
  this[kPeer].other.resume();
}

const noBytes = Buffer.alloc(0);

export class Peer implements FrameHandler, TcpOwner {
  other!: Peer;
  readonly parser: FrameParser;
  readonly socket: PeerSocket;

  /** A close frame toward this side is decided (it may still wait for a frame boundary). */
  closeQueued = false;
  /** That close frame has been handed to the socket. */
  closeWritten = false;
  /** This side's close frame arrived: its code and reason. */
  closeReceived: { code: number; reason: string } | undefined;
  /** This side broke the protocol: nothing more is read from it. */
  failed = false;
  /** Its socket has closed. */
  closed = false;

  // The chunk being parsed and what of it goes on: #piece, #pieces in order, then
  // #chunk[#runStart, …). Mostly one piece (the whole chunk) goes on, and it is kept out of the
  // array: an array emptied with `length = 0` gives up its storage, and the next push
  // allocated it again for every chunk relayed.
  #chunk: Buffer = noBytes;
  #piece: Buffer | undefined;
  readonly #pieces: Buffer[] = [];
  #runStart = -1;
  // The start of a header split across chunks, held back until the frame is decided.
  #carry: Buffer | undefined;
  #inData = false;
  // The frame being read: is it passed on, and is its payload still coming.
  #forwarding = false;
  #inFrame = false;
  /** A data message passed on has begun and its final fragment has not. */
  #messageOpen = false;
  /** The data message being read was refused by the throttle: its frames are dropped. */
  #dropping = false;
  #closeBody: Buffer | undefined;
  #closeBodyAt = 0;
  // Compressed messages are held whole when this is above 0 (permessage-deflate negotiated and
  // messages bounded): the held message's opcode, its payload so far (unmasked, 4 bytes spare
  // for inflating), and whether the frame being read is one of it.
  readonly #maxInflated: number;
  #heldOpcode = 0;
  #held: Buffer | undefined;
  #heldAt = 0;
  #heldFrameStart = 0;
  #holding = false;
  #sawMessage = false;
  #paused = false;
  // Frames of the gateway's own toward the other side, waiting for a boundary in this stream.
  #pendingClose: Buffer | undefined;
  #pendingNotice: Buffer | undefined;
  // The socket's TCP handle, read and written directly; undefined for a TLS socket.
  readonly #handle: TcpHandle | undefined;
  #readEnded = false;

  readonly owner: PeerOwner;
  /** Frames from the client go to the backend, and are masked. */
  readonly isClient: boolean;

  constructor(options: PeerOptions) {
    const { owner, socket, isClient } = options;
    this.owner = owner;
    this.isClient = isClient;
    this.socket = socket as PeerSocket;
    this.socket[kPeer] = this;
    // Decided before either side writes, so no write through the stream API can follow one on the handle.
    this.#handle = tcpHandleOf(socket);
    if (this.#handle) ownWrites(socket, this.#handle);
    this.parser = new FrameParser(this, { from: isClient ? "client" : "server", maxMessageBytes: options.maxMessageBytes, compressed: options.compressed });
    this.#maxInflated = options.compressed ? (options.maxMessageBytes ?? 0) : 0;
  }

  get role(): "client" | "backend" {
    return this.isClient ? "client" : "backend";
  }

  /** Feeds `head` (bytes read with the handshake), then listens. */
  start(head: Buffer): void {
    const s = this.socket;
    s.setNoDelay(true);
    s.on("error", onError);
    s.on("close", onClose);
    s.on("end", onEnd);
    const handle = this.#handle;
    if (handle) {
      const buffered = takeReads(s, handle, this, this.other.#handle !== undefined);
      if (head.length) this.data(head);
      for (const chunk of buffered) this.data(chunk);
      // Flowing, with no data listener: the socket's reader still sees the end of the stream and emits 'end'.
      s.resume();
      if (!this.#paused) startReading(handle);
      return;
    }
    if (head.length) this.data(head);
    s.on("data", onData);
    // The backend's socket was paused after its handshake; the client's never flowed yet.
    s.resume();
  }

  data(chunk: Buffer): void {
    if (this.failed) return;
    this.#inData = true;
    this.#chunk = chunk;
    // Forward from the start unless the chunk continues a held-back header or a dropped frame.
    this.#runStart = this.#carry || (this.#inFrame && !this.#forwarding) ? -1 : 0;
    this.parser.push(chunk);
    let runEnd = chunk.length;
    if (this.parser.midHeader && !this.failed) {
      const at = this.parser.frameStart + chunk.length;
      if (at >= 0) {
        this.#carry = Buffer.from(chunk.subarray(at));
        runEnd = at;
      } else {
        this.#carry = Buffer.concat([this.#carry!, chunk]);
        runEnd = 0;
      }
    }
    const start = this.#runStart;
    if (start >= 0 && runEnd > start) this.#add(start === 0 && runEnd === chunk.length ? chunk : chunk.subarray(start, runEnd));
    this.#runStart = -1;
    this.#chunk = noBytes;
    this.#inData = false;
    if (this.#pendingClose || this.#pendingNotice) this.#inject();
    this.#flush();
    if (this.#sawMessage) {
      this.#sawMessage = false;
      this.owner.active();
    }
  }

  onHeader(p: FrameParser): void {
    const opcode = p.opcode;
    const start = p.frameStart < 0 ? 0 : p.frameStart;
    const isData = opcode < 0x8;
    // After a close either way nothing more is passed on (RFC 6455 §5.5.1).
    let open = !this.closeReceived && !this.other.closeQueued;
    let dropControl = false;
    if (open && isData && opcode !== Opcode.Continuation) {
      this.#dropping = !this.owner.admit(this);
      open = !this.other.closeQueued;
    } else if (open && opcode > Opcode.Close) {
      dropControl = !this.owner.admitControl(this);
      open = !this.other.closeQueued;
    }
    if (this.#pendingClose || this.#pendingNotice) {
      this.#cut(start);
      this.#inject();
    }
    const forward = open && opcode !== Opcode.Close && !(isData && this.#dropping) && !dropControl;
    this.#forwarding = forward;
    this.#inFrame = true;
    if (forward) {
      if (isData) {
        this.owner.countBytes(this, p.payloadLength);
        this.#sawMessage = true;
      }
      if (isData && this.#maxInflated > 0 && (opcode === Opcode.Continuation ? this.#held !== undefined : p.rsv1)) {
        // Held, not forwarded: as far as this stream's runs go, a dropped frame.
        this.#cut(start);
        this.#forwarding = false;
        this.#hold(p);
      } else if (this.#runStart < 0) {
        if (this.#carry) {
          this.#add(this.#carry);
          this.#runStart = 0;
        } else {
          this.#runStart = start;
        }
      }
    } else {
      this.#cut(start);
      if (opcode === Opcode.Close && !this.closeReceived) {
        this.#closeBody = p.payloadLength ? Buffer.allocUnsafe(p.payloadLength) : noBytes;
        this.#closeBodyAt = 0;
      }
    }
    this.#carry = undefined;
  }

  /** A compressed message's frame begins: its payload is copied into the held message as it comes. */
  #hold(p: FrameParser): void {
    this.#holding = true;
    const held = this.#held;
    if (p.opcode !== Opcode.Continuation || held === undefined) {
      this.#heldOpcode = p.opcode;
      this.#held = Buffer.allocUnsafe(p.payloadLength + 4);
      this.#heldAt = 0;
    } else if (this.#heldAt + p.payloadLength + 4 > held.length) {
      // Doubling, so that a message in many small fragments is copied a few times, not once per
      // fragment; the parser has bounded the message's compressed length already.
      const grown = Buffer.allocUnsafe(Math.max(this.#heldAt + p.payloadLength + 4, Math.min(held.length * 2, this.#maxInflated + 4)));
      held.copy(grown, 0, 0, this.#heldAt);
      this.#held = grown;
    }
    this.#heldFrameStart = this.#heldAt;
  }

  /** The held message's last fragment has come: on as one frame if it inflates within the bound, else this side fails. */
  #release(end: number): void {
    // The payload and the 4 spare bytes after it, within what may be a larger buffer.
    const held = this.#held!.subarray(0, this.#heldAt + 4);
    this.#held = undefined;
    // A close toward the other side is decided: nothing may follow it there.
    if (this.other.closeQueued) return;
    const verdict = inflatedSize(held, this.#maxInflated);
    if (verdict === "too-big") return this.#fail(1009, `A compressed message that inflates to more than ${this.#maxInflated} bytes.`, end);
    if (verdict === "invalid") return this.#fail(1007, "A compressed message that does not inflate.", end);
    this.#add(encodeFrame(this.#heldOpcode, held.subarray(0, held.length - 4), this.isClient, true));
  }

  onPayload(chunk: Buffer, start: number, end: number): void {
    if (this.#holding) {
      const held = this.#held!;
      let at = this.#heldAt;
      if (this.parser.masked) {
        // The key's phase is the frame's own: bytes of earlier fragments are not counted.
        const key = this.parser.maskKey;
        const frameAt = at - this.#heldFrameStart;
        for (let i = start; i < end; i++) held[at++] = chunk[i] ^ key[(frameAt + i - start) & 3];
      } else {
        chunk.copy(held, at, start, end);
        at += end - start;
      }
      this.#heldAt = at;
      return;
    }
    const body = this.#closeBody;
    if (body === undefined) return;
    chunk.copy(body, this.#closeBodyAt, start, end);
    this.#closeBodyAt += end - start;
  }

  onFrameEnd(p: FrameParser, _chunk: Buffer, end: number): void {
    this.#inFrame = false;
    if (this.#holding) {
      this.#holding = false;
      if (p.fin) this.#release(end);
    } else if (this.#forwarding) {
      if (p.opcode < 0x8) this.#messageOpen = !p.fin;
    } else if (this.#closeBody) {
      const body = this.#closeBody;
      this.#closeBody = undefined;
      if (p.masked) for (let i = 0; i < body.length; i++) body[i] ^= p.maskKey[i & 3];
      const close = parseCloseBody(body);
      if ("invalid" in close) this.#fail(close.closeCode, close.invalid, end);
      else this.owner.closeFrameReceived(this, close.code, close.reason);
    }
    if (this.#pendingClose || this.#pendingNotice) {
      this.#cut(end);
      this.#inject();
    }
  }

  onError(e: FrameError): void {
    this.#fail(e.closeCode, e.message, this.parser.frameStart);
  }

  #fail(code: ProtocolCloseCode, message: string, at: number): void {
    // What came before the offending frame still goes on; nothing after it does.
    this.#cut(at < 0 ? 0 : at);
    this.#carry = undefined;
    this.failed = true;
    this.owner.protocolError(this, code, message);
  }

  /** Ends the current run of passed-on bytes at `at` in the chunk being parsed. */
  #cut(at: number): void {
    const start = this.#runStart;
    if (start >= 0 && at > start) this.#add(this.#chunk.subarray(start, at));
    this.#runStart = -1;
  }

  /** The gateway's close frame toward the other side, at the next frame boundary of this stream. */
  deliverClose(frame: Buffer): void {
    this.#pendingClose = frame;
    this.#pendingNotice = undefined;
    if (!this.#inData) {
      this.#inject();
      this.#flush();
    }
  }

  /** A text frame toward the other side (the client), at the next message boundary. */
  deliverNotice(frame: Buffer): void {
    if (this.#pendingClose || this.#pendingNotice || this.other.closeQueued) return;
    this.#pendingNotice = frame;
    if (!this.#inData) {
      this.#inject();
      this.#flush();
    }
  }

  /** Adds what waits to the pieces when this stream is at a boundary; #runStart is cut already. */
  #inject(): void {
    if (this.#inFrame && this.#forwarding) return;
    if (this.#pendingClose) {
      this.#add(this.#pendingClose);
      this.#pendingClose = undefined;
      this.other.closeWritten = true;
    } else if (this.#pendingNotice && !this.#messageOpen) {
      this.#add(this.#pendingNotice);
      this.#pendingNotice = undefined;
    }
  }

  /** Whether a frame passed on to the other side is only partly written. */
  get midFrame(): boolean {
    return this.#inFrame && this.#forwarding;
  }

  #add(piece: Buffer): void {
    if (this.#piece === undefined) this.#piece = piece;
    else this.#pieces.push(piece);
  }

  /** Writes what this chunk passes on: one write, or one corked batch. */
  #flush(): void {
    const first = this.#piece;
    if (first === undefined) return;
    const rest = this.#pieces;
    const data = rest.length === 0 ? first : [first, ...rest];
    this.#piece = undefined;
    rest.length = 0;
    const to = this.other;
    const out = to.socket;
    const handle = to.#handle;
    let queued = false;
    if (handle) {
      queued = out.writable && writeTo(handle, data) === Written.Queued && handle.writeQueueSize > maxBufferedBytes;
    } else if (out.writable) {
      if (data === first) {
        out.write(first);
      } else {
        out.cork();
        for (const piece of data as Buffer[]) out.write(piece);
        out.uncork();
      }
      queued = out.writableLength > maxBufferedBytes;
    }
    if (to.closeWritten) to.endIfDone();
    // Backpressure: stop reading this side until the other drains.
    if (queued && !this.#paused && out.writable) {
      this.#paused = true;
      if (this.#handle) stopReading(this.#handle);
      else this.socket.pause();
      // On the handle, the write's completion resumes it (writeDone).
      if (!handle) out.once("drain", onDrain);
      this.owner.readingPaused(this);
    }
  }

  /** A write queued on this side's handle completed: once all have, the other side is read again. */
  writeDone(): void {
    if (this.#handle!.writeQueueSize === 0) this.other.resume();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.owner.readingResumed(this);
    if (this.#handle) {
      if (!this.closed && !this.#readEnded && !this.socket.destroyed) startReading(this.#handle);
      return;
    }
    this.other.socket.removeListener("drain", onDrain);
    if (!this.closed) this.socket.resume();
  }

  /** Bytes held for this side: what waits to be written to it, and what was read from it and not yet parsed. */
  get heldBytes(): number {
    const s = this.socket;
    return (this.#handle && !s.destroyed ? this.#handle.writeQueueSize : 0) + s.writableLength + s.readableLength;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /**
   * The close handshake is over on this connection (or it broke the protocol): end its socket.
   * Toward the backend the gateway is the client, which waits for the server to close the TCP
   * connection first (RFC 6455 §7.1.1; peerEnded answers its FIN, the relay's close timer one
   * that never comes): the side that closes first keeps the TIME_WAIT, and the gateway's would
   * hold one of its ephemeral ports for each backend connection, making every connect() search.
   */
  endIfDone(): void {
    if (!this.closeWritten || !(this.closeReceived || this.failed)) return;
    if (!this.isClient && !this.failed && !this.#readEnded) return;
    this.#end();
  }

  /** The peer half-closed (FIN). */
  peerEnded(): void {
    this.#readEnded = true;
    // Still owed a close reply: it is written, then endIfDone ends the socket.
    if (this.closeReceived && !this.closeWritten && this.closeQueued) return;
    this.#end();
  }

  /**
   * Ends this side's socket. When its peer has sent its FIN and every byte toward it is with the
   * kernel, close() alone sends ours: one system call, and no shutdown request through the
   * stream, where end() makes shutdown() and then close().
   */
  #end(): void {
    const s = this.socket;
    if (s.writableEnded || s.destroyed) return;
    const handle = this.#handle;
    if (handle && this.#readEnded && handle.writeQueueSize === 0 && s.writableLength === 0) s.destroy();
    else s.end();
  }
}
