// GATEWAY_WORKERS=n: the primary accepts every connection itself and hands it to a worker, so
// that no connection is lost with a worker. node:cluster's own round robin forgets the
// connection it is handing over when the worker dies before taking it: the client waits for an
// answer that never comes, and the primary keeps its descriptor in CLOSE-WAIT for good. Here the
// primary keeps its copy of each socket until the worker says it has taken it, and a worker's
// death sends what it had not taken yet to another worker.
import type { Worker } from "node:cluster";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import { listen } from "./listen";

/** Which of the gateway's listeners a connection came to: the plain one or the TLS one. */
export type ListenerKind = "ws" | "wss";

const handOver = "duplex:connection";
const taken = "duplex:taken";
const serving = "duplex:serving";

interface HandOverMessage {
  type: typeof handOver;
  id: number;
  kind: ListenerKind;
}

const isMessage = <T extends { type: string }>(m: unknown, type: T["type"]): m is T => typeof m === "object" && m !== null && (m as { type?: unknown }).type === type;

// Connections accepted while no worker serves yet wait, up to this many; past it they are closed.
const maxWaiting = 1000;

/** In the primary: the listeners, and which worker holds what. */
export class ConnectionHandOver {
  readonly #servers: Server[] = [];
  readonly #serving: Worker[] = [];
  #next = 0;
  #nextId = 0;
  readonly #inFlight = new Map<number, { socket: Socket; kind: ListenerKind; worker: Worker }>();
  readonly #waiting: { socket: Socket; kind: ListenerKind }[] = [];
  #stopped = false;

  constructor(private readonly logger: Logger) {}

  /** Listens on `port` (and `tlsPort`, whose TLS the workers do) and returns the ports bound. */
  async listen(host: string, port: number, tlsPort: number | undefined): Promise<{ port: number; tlsPort: number | undefined }> {
    const open = async (p: number, kind: ListenerKind) => {
      // Paused: no byte is read here, all of them are the worker's.
      const server = createServer({ pauseOnConnect: true }, (socket) => this.#accept(socket, kind));
      this.#servers.push(server);
      await listen(server, p, host);
      return (server.address() as AddressInfo).port;
    };
    const ws = await open(port, "ws");
    return { port: ws, tlsPort: tlsPort === undefined ? undefined : await open(tlsPort, "wss") };
  }

  /** Whether `worker` has said it serves (its gateway started). */
  serves(worker: Worker): boolean {
    return this.#serving.includes(worker);
  }

  /** Listens to a new worker: once it serves, it is handed connections. */
  watch(worker: Worker): void {
    worker.on("message", (m: unknown) => {
      if (isMessage<{ type: typeof serving }>(m, serving)) {
        this.#serving.push(worker);
        for (const w of this.#waiting.splice(0)) this.#handTo(w.socket, w.kind);
      } else if (isMessage<{ type: typeof taken; id: number }>(m, taken)) {
        const entry = this.#inFlight.get(m.id);
        this.#inFlight.delete(m.id);
        // The worker has its own descriptor: closing this one sends nothing to the client.
        entry?.socket.destroy();
      }
    });
  }

  /** A worker is gone: what it had not taken goes to another. */
  lost(worker: Worker): void {
    const at = this.#serving.indexOf(worker);
    if (at !== -1) this.#serving.splice(at, 1);
    const orphans = [...this.#inFlight].filter(([, e]) => e.worker === worker);
    for (const [id, e] of orphans) {
      this.#inFlight.delete(id);
      this.logger.warn({ event: "connection_handed_again", worker: worker.process.pid }, "a worker died before taking a connection: handed to another");
      this.#accept(e.socket, e.kind);
    }
  }

  /** Stops accepting; what is in flight or waiting is closed. */
  close(): Promise<void> {
    this.#stopped = true;
    for (const w of this.#waiting.splice(0)) w.socket.destroy();
    return Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined);
  }

  #accept(socket: Socket, kind: ListenerKind): void {
    if (this.#stopped || socket.destroyed) return void socket.destroy();
    if (this.#serving.length > 0) return this.#handTo(socket, kind);
    if (this.#waiting.length >= maxWaiting) return void socket.destroy();
    this.#waiting.push({ socket, kind });
  }

  #handTo(socket: Socket, kind: ListenerKind): void {
    const worker = this.#serving[this.#next++ % this.#serving.length];
    const id = this.#nextId++;
    this.#inFlight.set(id, { socket, kind, worker });
    // keepOpen: this process keeps its descriptor until the worker says it has its own.
    worker.send({ type: handOver, id, kind } satisfies HandOverMessage, socket, { keepOpen: true }, (e) => {
      // Not sent (the worker's channel closed): its exit hands it on, unless it was taken meanwhile.
      if (e) this.logger.debug({ event: "hand_over_failed", err: e.message }, "could not hand a connection to a worker");
    });
  }
}

/** In a worker: takes the connections the primary hands over, once this gateway serves. */
export function takeConnections(adopt: (socket: Socket, kind: ListenerKind) => void): void {
  process.on("message", (m: unknown, handle: unknown) => {
    if (!isMessage<HandOverMessage>(m, handOver) || !handle) return;
    adopt(handle as Socket, m.kind);
    process.send?.({ type: taken, id: m.id });
  });
  process.send?.({ type: serving });
}
