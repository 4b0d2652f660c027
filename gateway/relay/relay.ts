// A client's connection and its backend's, joined after both handshakes: frames pass both
// ways as the bytes they arrived as (relay/peer.ts), counted and throttled per message, and
// a close on one side closes the other with the same code and reason. The per-message path
// awaits nothing and allocates nothing; a slow reader on either side stops the gateway
// reading the other (backpressure), so a connection's buffers stay bounded.
import type { Socket } from "node:net";
import { closeFrame, textFrame } from "./frames";
import { Peer, type PeerOwner, type ProtocolCloseCode } from "./peer";

export type ClosedBy = "client" | "backend" | "gateway";

export interface RelayEnd {
  closedBy: ClosedBy;
  /** The code and reason the client's connection closed with (1006 when it was lost). */
  code: number;
  reason: string;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  throttled: number;
  error: string | undefined;
}

/** Decides, per message and without awaiting, whether it may pass (throttling). */
export interface MessageGate {
  /** `fromClient`: the message goes client → backend. False drops it. */
  admit(relay: Relay, fromClient: boolean): boolean;
  /** The payload bytes of each data frame passed on (a plan's bandwidth). */
  charge(payloadBytes: number): void;
}

export interface RelayOptions {
  /** The client's socket, sent its 101 already, and the bytes it delivered with its handshake. */
  client: Socket;
  clientHead: Buffer;
  /** The backend's socket after its 101, and the bytes that came with that answer. */
  backend: Socket;
  backendHead: Buffer;
  /** The API it belongs to, for the checks made when the configuration changes. */
  apiId?: string;
  /** Close both sides after this long without a message either way; 0 never. */
  idleTimeoutMs: number;
  gate?: MessageGate;
  /** A message longer than this (either way) closes the connection with 1009; 0 never. */
  maxMessageBytes?: number;
  /** permessage-deflate was negotiated end to end: frames may carry RSV1. */
  compressed?: boolean;
  /** Pings and pongs the client may send a minute; more close the connection with 1008. 0: no bound. */
  maxControlFramesPerMinute?: number;
  /** Pings and pongs (both ways) go through `gate` as messages do. */
  controlFramesAreEvents?: boolean;
  /**
   * A side whose writes have not drained for this long is reset, and the other closed (1011
   * when the backend stopped reading, 1001 when the client did); 0 never.
   */
  stalledWriteTimeoutMs?: number;
  /**
   * The topic's operations (AsyncAPI): a client message needs Publish, a backend message
   * Subscribe. One the topic does not have is dropped (the client told once a minute) or, with
   * `action` close, closes the connection with 1008. Absent: both ways pass.
   */
  directions?: TopicDirections;
  /** Called once, when both sockets have closed. */
  onEnd(end: RelayEnd): void;
}

export interface TopicDirections {
  topic: string;
  publish: boolean;
  subscribe: boolean;
  action: "drop" | "close";
}

/** How long a close handshake may take before both sockets are dropped. */
export const closeTimeoutMs = 10_000;

export class Relay implements PeerOwner {
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  throttled = 0;
  readonly apiId: string | undefined;
  readonly #client: Peer;
  readonly #backend: Peer;
  readonly #gate: MessageGate | undefined;
  #closedBy: ClosedBy | undefined;
  #error: string | undefined;
  #clientClose: { code: number; reason: string } | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #ended = false;

  readonly #onEnd: (end: RelayEnd) => void;
  readonly #maxControlFrames: number;
  readonly #controlFramesAreEvents: boolean;
  readonly #stallMs: number;
  #stallTimer: NodeJS.Timeout | undefined;
  /** The close the gateway sent the client as it stops, for the backend once the client answers. */
  #shutdown: { code: number; reason: string } | undefined;
  #controlWindow = -1;
  #controlFrames = 0;
  readonly #directions: TopicDirections | undefined;
  /** The minute of the last notice about a message the topic does not take. */
  #directionNotice = -1;

  constructor(options: RelayOptions) {
    this.apiId = options.apiId;
    this.#gate = options.gate;
    this.#onEnd = options.onEnd;
    this.#maxControlFrames = options.maxControlFramesPerMinute ?? 0;
    this.#controlFramesAreEvents = options.controlFramesAreEvents ?? false;
    this.#stallMs = options.stalledWriteTimeoutMs ?? 0;
    const d = options.directions;
    this.#directions = d && (!d.publish || !d.subscribe) ? d : undefined;
    const limits = { maxMessageBytes: options.maxMessageBytes, compressed: options.compressed };
    this.#client = new Peer({ owner: this, socket: options.client, isClient: true, ...limits });
    this.#backend = new Peer({ owner: this, socket: options.backend, isClient: false, ...limits });
    this.#client.other = this.#backend;
    this.#backend.other = this.#client;
    if (options.idleTimeoutMs > 0) {
      this.#idleTimer = setTimeout(idleTimeout, options.idleTimeoutMs, this, options.idleTimeoutMs);
    }
    this.#backend.start(options.backendHead);
    this.#client.start(options.clientHead);
  }

  /** Closes both sides with `code`, e.g. 1001 when the gateway stops, 1008 when the token expires. */
  close(by: ClosedBy, code: number, reason: string): void {
    this.#closedBy ??= by;
    this.#sendClose(this.#client, code, reason);
    // The backend is told the client's access ended, not why: that is the client's business.
    this.#sendClose(this.#backend, code === 1008 ? 1001 : code, code === 1008 ? "Client access ended" : reason);
  }

  /**
   * The gateway stops: the client's side is closed first. What the client sent before it read
   * that close still goes to the backend (RFC 6455 §5.5.1 lets nothing follow the close toward
   * the client, so the backend's frames from here are read and dropped); the backend gets the
   * same close once the client's close handshake is done or its connection is gone.
   */
  shutdown(code: number, reason: string): void {
    this.#closedBy ??= "gateway";
    this.#shutdown ??= { code, reason };
    this.#sendClose(this.#client, code, reason);
  }

  /** Drops both connections without a closing handshake. */
  terminate(): void {
    this.#client.socket.destroy();
    this.#backend.socket.destroy();
  }

  /** A text frame of the gateway's own to the client (the throttling notice), between messages. */
  notify(text: string): void {
    if (!this.#client.closeQueued) this.#backend.deliverNotice(textFrame(text, false));
  }

  /** Bytes the gateway holds for this connection: both write buffers and both read buffers. */
  get bufferedBytes(): number {
    return this.#client.heldBytes + this.#backend.heldBytes;
  }

  /** Whether the gateway stopped reading the client (its backend is slow) or the backend (its client is). */
  get paused(): { client: boolean; backend: boolean } {
    return { client: this.#client.paused, backend: this.#backend.paused };
  }

  // What the peers report (relay/peer.ts).

  /** A data message begins: the throttle decides, and a passed one is counted. */
  admit(from: Peer): boolean {
    const d = this.#directions;
    if (d && !(from.isClient ? d.publish : d.subscribe)) return this.#wrongDirection(d, from.isClient);
    if (this.#gate && !this.#gate.admit(this, from.isClient)) return false;
    if (from.isClient) this.messagesIn++;
    else this.messagesOut++;
    return true;
  }

  #wrongDirection(d: TopicDirections, fromClient: boolean): false {
    if (d.action === "close") {
      this.#error ??= fromClient ? "client: message on a topic without Publish" : "backend: message on a topic without Subscribe";
      this.close("gateway", 1008, fromClient ? "The topic has no Publish operation." : "The topic has no Subscribe operation.");
      return false;
    }
    // The client is told, once a minute, why its messages go nowhere; a backend's are dropped.
    const minute = Math.floor(Date.now() / 60_000);
    if (fromClient && minute !== this.#directionNotice) {
      this.#directionNotice = minute;
      this.notify(JSON.stringify({ error: "wrong_direction", message: `The topic ${d.topic} takes no messages from clients: it has no Publish operation.` }));
    }
    return false;
  }

  /** A ping or pong: within the client's bound, and through the throttle when they count as events. */
  admitControl(from: Peer): boolean {
    if (from.isClient && this.#maxControlFrames > 0) {
      const minute = Math.floor(Date.now() / 60_000);
      if (minute !== this.#controlWindow) {
        this.#controlWindow = minute;
        this.#controlFrames = 0;
      }
      if (++this.#controlFrames > this.#maxControlFrames) {
        this.close("gateway", 1008, "Too many control frames");
        return false;
      }
    }
    return !this.#controlFramesAreEvents || !this.#gate || this.#gate.admit(this, from.isClient);
  }

  /** `reader` is no longer read: what is written to its other side does not drain. */
  readingPaused(_reader: Peer): void {
    if (this.#stallMs > 0 && !this.#stallTimer && !this.#ended) this.#stallTimer = setTimeout(stallTimeout, this.#stallMs, this);
  }

  readingResumed(_reader: Peer): void {
    if (!this.#stallTimer || this.#client.paused || this.#backend.paused) return;
    clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
  }

  /**
   * Writes to one side have not drained for the stall timeout: that side is reset (what waits
   * for it is dropped, the kernel's queue too) and the other side is told why.
   */
  stalled(): void {
    this.#stallTimer = undefined;
    const stuck = this.#client.paused ? this.#backend : this.#backend.paused ? this.#client : undefined;
    if (!stuck || stuck.closed || this.#ended) return;
    this.#error ??= `${stuck.role}: not reading for ${this.#stallMs} ms`;
    this.#closedBy ??= "gateway";
    if (stuck.isClient) this.#sendClose(stuck.other, 1001, "Client not reading");
    else this.#sendClose(stuck.other, 1011, "Backend not reading");
    stuck.closeQueued = true;
    reset(stuck.socket);
  }

  countBytes(from: Peer, payloadBytes: number): void {
    if (from.isClient) this.bytesIn += payloadBytes;
    else this.bytesOut += payloadBytes;
    this.#gate?.charge(payloadBytes);
  }

  active(): void {
    this.#idleTimer?.refresh();
  }

  closeFrameReceived(from: Peer, code: number, reason: string): void {
    if (from.closeReceived) return;
    from.closeReceived = { code, reason };
    this.#closedBy ??= from.role;
    if (from.isClient) this.#clientClose ??= { code, reason };
    const stopping = this.#shutdown;
    // Passed on as it came (the other side's answer comes back the same way), except the
    // client's answer to the gateway's own close as it stops: the backend gets that close.
    if (stopping && from.isClient) this.#sendClose(from.other, stopping.code, stopping.reason);
    else this.#sendClose(from.other, code, reason);
    from.endIfDone();
  }

  protocolError(from: Peer, code: ProtocolCloseCode, message: string): void {
    this.#error ??= `${from.role}: ${message}`;
    this.#closedBy ??= from.role;
    const who = from.isClient ? "Client" : "Backend";
    const tooBig = code === 1009;
    this.#sendClose(from, code, tooBig ? "Message too big" : message);
    this.#sendClose(from.other, code, tooBig ? `${who} message too big` : `${who} protocol error`);
  }

  socketError(peer: Peer, e: Error): void {
    if (!peer.closeReceived) this.#error ??= `${peer.role}: ${e.message}`;
  }

  socketClosed(peer: Peer): void {
    peer.closed = true;
    const other = peer.other;
    if (!peer.closeReceived && !peer.failed) {
      this.#error ??= `${peer.role}: connection lost without a close frame`;
      this.#closedBy ??= peer.role;
      if (peer.isClient) this.#clientClose ??= { code: 1006, reason: "" };
    }
    // The other side stops waiting on this one.
    other.resume();
    peer.resume();
    if (!other.closed) {
      if (peer.midFrame) {
        // Part of a frame went on and the rest never will: no close frame can follow it.
        other.socket.end();
        this.#closeTimer ??= setTimeout(closeTimeout, closeTimeoutMs, this);
      } else if (other.closeReceived) {
        // Its close frame was owed an answer that will not come from here: the gateway answers.
        this.#sendClose(other, other.closeReceived.code, other.closeReceived.reason);
      } else if (peer.isClient && this.#shutdown) {
        this.#sendClose(other, this.#shutdown.code, this.#shutdown.reason);
      } else if (peer.isClient) {
        this.#sendClose(other, 1001, "Client connection lost");
      } else {
        this.#sendClose(other, 1011, "Backend connection failed");
      }
    }
    if (this.#client.closed && this.#backend.closed) this.#finish();
  }

  #sendClose(to: Peer, code: number, reason: string): void {
    if (to.closeQueued || to.closed) return;
    to.closeQueued = true;
    if (to.isClient) this.#clientClose ??= { code, reason };
    this.#closeTimer ??= setTimeout(closeTimeout, closeTimeoutMs, this);
    // Nothing more goes to `to`: its other side need not wait for it to drain.
    to.other.resume();
    to.other.deliverClose(closeFrame(code, reason, !to.isClient));
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#closeTimer);
    clearTimeout(this.#stallTimer);
    this.#onEnd({
      closedBy: this.#closedBy ?? "client",
      code: this.#clientClose?.code ?? 1006,
      reason: this.#clientClose?.reason ?? "",
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      throttled: this.throttled,
      error: this.#error,
    });
  }
}

function idleTimeout(relay: Relay, idleMs: number) {
  relay.close("gateway", 1001, `Idle for ${idleMs} ms`);
}

function closeTimeout(relay: Relay) {
  relay.terminate();
}

function stallTimeout(relay: Relay) {
  relay.stalled();
}

/** Destroys with a TCP RST where it can (a TLS socket is destroyed as it is). */
function reset(socket: Socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
