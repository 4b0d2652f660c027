// This process's row in Admin → Gateway environments (lib/gateway-processes.ts): written at
// start and every heartbeatIntervalMs with what it serves now, and deleted when it stops
// cleanly. A process that dies without stopping stops beating, and is shown as gone.
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { heartbeatIntervalMs, recordGatewayHeartbeat, removeGatewayProcess } from "../lib/gateway-processes";

/** The version package.json says, read once. */
export const gatewayVersion: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

export interface HeartbeatOptions {
  /** This process's id: the one it has in Redis too (policies/connection-cap.ts). */
  id: string;
  environment: string;
  intervalMs?: number;
  /** What the process reports at each beat. */
  now(): { openConnections: number; configVersion: number | null };
  onError(e: Error): void;
}

export class Heartbeat extends EventEmitter<{ beat: [] }> {
  readonly id: string;
  readonly startedAt = new Date();
  readonly #options: HeartbeatOptions;
  readonly #timer: NodeJS.Timeout;
  #writing: Promise<void> | undefined;
  #stopped = false;

  constructor(options: HeartbeatOptions) {
    super();
    this.id = options.id;
    this.#options = options;
    this.#beat();
    this.#timer = setInterval(() => this.#beat(), options.intervalMs ?? heartbeatIntervalMs);
    this.#timer.unref();
  }

  #beat(): void {
    // A beat still being written (a slow database) is not queued behind: the next one says more.
    if (this.#writing || this.#stopped) return;
    const o = this.#options;
    this.#writing = recordGatewayHeartbeat({ id: this.id, environment: o.environment, host: hostname(), version: gatewayVersion, startedAt: this.startedAt, ...o.now() }).then(
      () => {
        this.#writing = undefined;
        this.emit("beat");
      },
      (e: Error) => {
        this.#writing = undefined;
        o.onError(e);
      },
    );
  }

  /** Stops beating and takes the row off the list, once the beat being written has landed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#writing;
    await removeGatewayProcess(this.id).catch((e: Error) => this.#options.onError(e));
  }
}
