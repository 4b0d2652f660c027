// Connections that have not finished their handshake yet hold a descriptor and memory and cost
// their sender nothing: 600 idle connections to the wss port took a 512-descriptor gateway down
// without a byte of HTTP. So they are bounded, in total and per client address, from the
// moment they are accepted until their request head is read (a TLS connection's handshake
// included, which is cut after `GATEWAY_TLS_HANDSHAKE_TIMEOUT_MS`). Over a bound, a new connection
// is closed at once; relayed connections and the admin port are not counted, and keep serving.
import type { Socket } from "node:net";
import { inIpRange, parseIpAddress, type IpRange } from "../../lib/ip-ranges";

export interface PendingBounds {
  /** All connections still in their handshake; 0: no bound. */
  max: number;
  /** Of one client address (the socket's peer: X-Forwarded-For is not read yet); 0: no bound. */
  perAddress: number;
  /** Addresses the per-address bound does not hold: the trusted proxies, whose connections are many clients'. */
  exempt?: readonly IpRange[];
}

/** A connection by its peer's address and port: a TLS socket names the TCP socket it wraps by the same. */
const peerOf = (socket: Socket) => `${socket.remoteAddress} ${socket.remotePort}`;

interface Pending {
  release: () => void;
  /** A TLS connection's deadline for its handshake. */
  deadline: NodeJS.Timeout | undefined;
}

function cut(socket: Socket) {
  socket.destroy();
}

export class PendingConnections {
  readonly #perAddress = new Map<string, number>();
  /** Each counted connection, by its peer (peerOf). */
  readonly #pending = new Map<string, Pending>();
  /** Connections closed for a bound since the gateway started (for /metrics). */
  refused = 0;

  constructor(private readonly bounds: PendingBounds) {}

  get size(): number {
    return this.#pending.size;
  }

  /**
   * Counts `socket` until `done` is called for it (or for the TLS socket that wraps it) or it
   * closes; false, counting nothing, when a bound is reached: the caller closes it. With
   * `deadlineMs` (a TLS connection), it is cut unless `secured` comes first: Node's own
   * handshakeTimeout does not cut a connection that never sends its ClientHello.
   */
  admit(socket: Socket, deadlineMs?: number): boolean {
    const address = socket.remoteAddress ?? "";
    const fromAddress = this.#perAddress.get(address) ?? 0;
    const { max, perAddress } = this.bounds;
    if ((max > 0 && this.#pending.size >= max) || (perAddress > 0 && fromAddress >= perAddress && !this.#exempt(address))) {
      this.refused++;
      return false;
    }
    const peer = peerOf(socket);
    this.#perAddress.set(address, fromAddress + 1);
    const entry: Pending = {
      release: () => {
        if (this.#pending.get(peer) !== entry) return;
        this.#pending.delete(peer);
        clearTimeout(entry.deadline);
        socket.removeListener("close", entry.release);
        const left = (this.#perAddress.get(address) ?? 1) - 1;
        if (left === 0) this.#perAddress.delete(address);
        else this.#perAddress.set(address, left);
      },
      deadline: deadlineMs === undefined ? undefined : setTimeout(cut, deadlineMs, socket),
    };
    this.#pending.set(peer, entry);
    socket.once("close", entry.release);
    return true;
  }

  #exempt(address: string): boolean {
    const exempt = this.bounds.exempt;
    if (!exempt?.length) return false;
    const parsed = parseIpAddress(address);
    return parsed !== null && exempt.some((r) => inIpRange(parsed, r));
  }

  /** Its TLS handshake is done: no deadline but the request head's. */
  secured(socket: Socket): void {
    const entry = this.#pending.get(peerOf(socket));
    if (entry) clearTimeout(entry.deadline);
  }

  /** Its handshake is over (its request head is in): it counts no more. */
  done(socket: Socket): void {
    this.#pending.get(peerOf(socket))?.release();
  }
}
