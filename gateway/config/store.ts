// The gateway's current configuration snapshot, reloaded whole on every change notification.
// Bursts coalesce: at most one load runs, and at most one more waits behind it. When the
// database is unreachable the last snapshot keeps serving.
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { config } from "../../lib/config";
import type { Environment } from "../../lib/environments";
import { listenForConfigChanges, type ConfigListener } from "./change-listener";
import { loadSnapshot, type ConfigSnapshot } from "./snapshot";

const firstRetryMs = 250;
const maxRetryMs = 10_000;

export interface ConfigStoreEvents {
  reload: [snapshot: ConfigSnapshot];
  /** The LISTEN connection is up (again). */
  listening: [];
  "reload-error": [error: Error, retryInMs: number];
  "listener-error": [error: Error, retryInMs: number];
}

export interface ConfigStoreOptions {
  databaseUrl: string;
  /** The gateway environment served (GATEWAY_ENVIRONMENT unless told). */
  environment?: Environment;
  load?: () => Promise<ConfigSnapshot>;
}

export class ConfigStore extends EventEmitter<ConfigStoreEvents> {
  #snapshot: ConfigSnapshot | undefined;
  #loading = false;
  /** The load running now, so close() can wait for it. */
  #inFlight: Promise<void> | undefined;
  #pending = false;
  #retryMs = firstRetryMs;
  #retryTimer: NodeJS.Timeout | undefined;
  #listener: ConfigListener | undefined;
  #closed = false;
  #databaseReachable = false;
  readonly #load: () => Promise<ConfigSnapshot>;
  readonly #databaseUrl: string;
  /** Only APIs deployed to this environment are served, as their deployed revision. */
  readonly environment: Environment;
  /** The LISTEN connection's application_name, unique per store. */
  readonly listenerName = `duplex-gateway ${randomBytes(4).toString("hex")}`;
  /** Resolves once the first snapshot is loaded. */
  readonly ready: Promise<ConfigSnapshot>;

  constructor(options: ConfigStoreOptions) {
    super();
    this.#databaseUrl = options.databaseUrl;
    const environment = options.environment ?? config().GATEWAY_ENVIRONMENT;
    this.environment = environment;
    this.#load = options.load ?? (() => loadSnapshot(environment));
    this.setMaxListeners(100);
    this.ready = this.until(() => true);
  }

  /** The snapshot handshakes read; undefined until the first load succeeds. */
  get current(): ConfigSnapshot | undefined {
    return this.#snapshot;
  }

  /** Whether the LISTEN connection is up: changes reach this gateway. /readyz reports it. */
  get databaseReachable(): boolean {
    return this.#databaseReachable;
  }

  start(): void {
    this.#listener = listenForConfigChanges(this.#databaseUrl, this.listenerName, {
      onListening: () => {
        this.#databaseReachable = true;
        this.emit("listening");
        this.requestReload();
      },
      onChange: () => this.requestReload(),
      onError: (error, retryInMs) => {
        this.#databaseReachable = false;
        this.emit("listener-error", error, retryInMs);
      },
    });
    this.requestReload();
  }

  requestReload(): void {
    if (this.#closed) return;
    if (this.#loading) {
      this.#pending = true;
      return;
    }
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#loading = true;
    this.#inFlight = this.#load().then(
      (snapshot) => {
        this.#loading = false;
        this.#retryMs = firstRetryMs;
        if (this.#closed) return;
        this.#snapshot = snapshot;
        this.emit("reload", snapshot);
        this.#next();
      },
      (error: Error) => {
        this.#loading = false;
        if (this.#closed) return;
        this.emit("reload-error", error, this.#retryMs);
        if (!this.#pending) {
          this.#retryTimer = setTimeout(() => this.requestReload(), this.#retryMs);
          this.#retryMs = Math.min(this.#retryMs * 2, maxRetryMs);
        }
        this.#next();
      },
    );
  }

  #next() {
    if (!this.#pending) return;
    this.#pending = false;
    this.requestReload();
  }

  /**
   * The snapshot once the reloads already asked for have finished, or the current one after
   * `timeoutMs`. A handshake about to be refused waits for it: the change that would admit it
   * (keys generated, a subscription, a publish) may be the one being loaded.
   */
  settled(timeoutMs: number): Promise<ConfigSnapshot | undefined> {
    if (!this.#loading && !this.#pending) return Promise.resolve(this.#snapshot);
    return new Promise((resolve) => {
      const done = () => {
        if (this.#loading || this.#pending) return;
        clearTimeout(timer);
        this.off("reload", done);
        this.off("reload-error", done);
        resolve(this.#snapshot);
      };
      const timer = setTimeout(() => {
        this.off("reload", done);
        this.off("reload-error", done);
        resolve(this.#snapshot);
      }, timeoutMs);
      this.on("reload", done);
      this.on("reload-error", done);
    });
  }

  /** Resolves after the next reload that finishes. */
  nextReload(): Promise<ConfigSnapshot> {
    return new Promise((resolve) => this.once("reload", resolve));
  }

  /**
   * Resolves with the first snapshot, current or coming, for which `test` holds. Tests use it
   * to wait for their own change to arrive, whatever else other tests are changing.
   */
  until(test: (snapshot: ConfigSnapshot) => boolean): Promise<ConfigSnapshot> {
    const now = this.#snapshot;
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const check = (snapshot: ConfigSnapshot) => {
        if (!test(snapshot)) return;
        this.off("reload", check);
        resolve(snapshot);
      };
      this.on("reload", check);
    });
  }

  /**
   * Stops listening and reloading; resolves once no load is running, since disconnecting the
   * database client under a load's transaction never returns.
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    await Promise.all([this.#listener?.close(), this.#inFlight?.catch(() => {})]);
  }
}
