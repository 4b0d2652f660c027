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
  error: string | undefined;
}

const asText = { binary: false } as const;
const asBinary = { binary: true } as const;

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

export class Relay {
  messagesIn = 0;
  messagesOut = 0;
  #closedBy: ClosedBy | undefined;
  #error: string | undefined;
  #clientClose: { code: number; reason: string } | undefined;
  #backendClosed = false;

  constructor(
    readonly client: WebSocket,
    readonly backend: WebSocket,
    private readonly onEnd: (end: RelayEnd) => void,
  ) {
    client.on("message", (data, isBinary) => {
      this.messagesIn++;
      if (backend.readyState === WebSocket.OPEN) backend.send(data as Buffer, isBinary ? asBinary : asText);
    });
    backend.on("message", (data, isBinary) => {
      this.messagesOut++;
      if (client.readyState === WebSocket.OPEN) client.send(data as Buffer, isBinary ? asBinary : asText);
    });
    client.on("error", (e) => (this.#error ??= `client: ${e.message}`));
    backend.on("error", (e) => (this.#error ??= `backend: ${e.message}`));
    client.on("close", (code, reason) => {
      this.#closedBy ??= "client";
      this.#clientClose = { code, reason: reason.toString() };
      forwardClose(backend, code, reason, 1001, "Client connection lost");
      this.#maybeEnd();
    });
    backend.on("close", (code, reason) => {
      this.#closedBy ??= "backend";
      this.#backendClosed = true;
      forwardClose(client, code, reason, 1011, "Backend connection failed");
      this.#maybeEnd();
    });
    // connect.ts paused the backend until these listeners were in place.
    backend.resume();
  }

  /** Closes both sides, as when the gateway stops. */
  shutdown(code: number, reason: string): void {
    this.#closedBy ??= "gateway";
    if (this.client.readyState === WebSocket.OPEN) this.client.close(code, reason);
    if (this.backend.readyState === WebSocket.OPEN) this.backend.close(code, reason);
  }

  /** Drops both connections without a closing handshake. */
  terminate(): void {
    this.client.terminate();
    this.backend.terminate();
  }

  #maybeEnd() {
    if (!this.#clientClose || !this.#backendClosed) return;
    this.onEnd({
      closedBy: this.#closedBy ?? "client",
      code: this.#clientClose.code,
      reason: this.#clientClose.reason,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      error: this.#error,
    });
  }
}
