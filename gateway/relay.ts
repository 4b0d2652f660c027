// Frames both ways, text stays text and binary stays binary; a close on one side closes the
// other with the same code and reason. The per-message path awaits nothing and allocates
// only what ws itself needs.
import WebSocket from "ws";

export type ClosedBy = "client" | "backend" | "gateway";

export interface RelayEnd {
  closedBy: ClosedBy;
  /** The code and reason the client's connection closed with. */
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
}

export interface RelayOptions {
  /** The API it belongs to, for the checks made when the configuration changes. */
  apiId?: string;
  /** Close both sides after this long without a message either way; 0 never. */
  idleTimeoutMs: number;
  gate?: MessageGate;
}

const asText = { binary: false } as const;
const asBinary = { binary: true } as const;
// ws's error when a peer's message exceeds maxPayload; ws itself has closed that peer with 1009.
const tooBig = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

// 1005 (no status) and 1006 (connection lost) are never sent on the wire (RFC 6455 §7.4.1).
function forwardClose(to: WebSocket, code: number, reason: Buffer, lostCode: number, lostReason: string) {
  if (to.readyState === WebSocket.CLOSING || to.readyState === WebSocket.CLOSED) return;
  try {
    // An empty close frame: the other side sees 1005, as this side did.
    if (code === 1005) to.close();
    else if (code === 1006) to.close(lostCode, lostReason);
    else to.close(code, reason);
  } catch {
    to.close(1011, lostReason);
  }
}

// One write() per message is most of a relay's cost (the bench's --cpu-prof: writev and
// writeBuffer). The first message of an event-loop turn corks the socket; the turn's other
// messages join it, and one write leaves when the turn ends.
type Corkable = { _socket?: { writableCorked: number; cork(): void; uncork(): void } };
const uncork = (socket: { uncork(): void }) => socket.uncork();

function sendCoalesced(to: WebSocket, data: Buffer, options: typeof asText | typeof asBinary) {
  const socket = (to as unknown as Corkable)._socket;
  if (socket && socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(uncork, socket);
  }
  to.send(data, options);
}

function closeIfOpen(ws: WebSocket, code: number, reason: string) {
  if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
}

export class Relay {
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  throttled = 0;
  #closedBy: ClosedBy | undefined;
  #error: string | undefined;
  #clientClose: { code: number; reason: string } | undefined;
  #backendClosed = false;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly apiId: string | undefined;

  constructor(
    readonly client: WebSocket,
    readonly backend: WebSocket,
    options: RelayOptions,
    private readonly onEnd: (end: RelayEnd) => void,
  ) {
    const gate = options.gate;
    this.apiId = options.apiId;
    if (options.idleTimeoutMs > 0) {
      const idleMs = options.idleTimeoutMs;
      this.#idleTimer = setTimeout(() => this.close("gateway", 1001, `Idle for ${idleMs} ms`), idleMs);
    }
    client.on("message", (data: Buffer, isBinary) => {
      this.#idleTimer?.refresh();
      if (gate && !gate.admit(this, true)) return;
      this.messagesIn++;
      this.bytesIn += data.length;
      if (backend.readyState === WebSocket.OPEN) sendCoalesced(backend, data, isBinary ? asBinary : asText);
    });
    backend.on("message", (data: Buffer, isBinary) => {
      this.#idleTimer?.refresh();
      if (gate && !gate.admit(this, false)) return;
      this.messagesOut++;
      this.bytesOut += data.length;
      if (client.readyState === WebSocket.OPEN) sendCoalesced(client, data, isBinary ? asBinary : asText);
    });
    client.on("error", (e: Error & { code?: string }) => {
      this.#error ??= `client: ${e.message}`;
      if (e.code === tooBig) {
        this.#closedBy ??= "client";
        this.#clientClose = { code: 1009, reason: "Message too big" };
        closeIfOpen(backend, 1009, "Client message too big");
      }
    });
    backend.on("error", (e: Error & { code?: string }) => {
      this.#error ??= `backend: ${e.message}`;
      if (e.code === tooBig) {
        this.#closedBy ??= "backend";
        closeIfOpen(client, 1009, "Backend message too big");
      }
    });
    client.on("close", (code, reason) => {
      this.#closedBy ??= "client";
      if (code === 1006) this.#error ??= "client: connection lost without a close frame";
      this.#clientClose ??= { code, reason: reason.toString() };
      forwardClose(backend, code, reason, 1001, "Client connection lost");
      this.#maybeEnd();
    });
    backend.on("close", (code, reason) => {
      this.#closedBy ??= "backend";
      if (code === 1006) this.#error ??= "backend: connection lost without a close frame";
      this.#backendClosed = true;
      forwardClose(client, code, reason, 1011, "Backend connection failed");
      this.#maybeEnd();
    });
    // connect.ts paused the backend until these listeners were in place.
    backend.resume();
  }

  /** Closes both sides with `code`, e.g. 1001 when the gateway stops, 1008 when the token expires. */
  close(by: ClosedBy, code: number, reason: string): void {
    this.#closedBy ??= by;
    closeIfOpen(this.client, code, reason);
    closeIfOpen(this.backend, code === 1008 ? 1001 : code, code === 1008 ? "Client access ended" : reason);
  }

  /** Closes both sides, as when the gateway stops. */
  shutdown(code: number, reason: string): void {
    this.close("gateway", code, reason);
  }

  /** Drops both connections without a closing handshake. */
  terminate(): void {
    this.client.terminate();
    this.backend.terminate();
  }

  #maybeEnd() {
    if (!this.#clientClose || !this.#backendClosed) return;
    clearTimeout(this.#idleTimer);
    this.onEnd({
      closedBy: this.#closedBy ?? "client",
      code: this.#clientClose.code,
      reason: this.#clientClose.reason,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      throttled: this.throttled,
      error: this.#error,
    });
  }
}
