// A dedicated PostgreSQL connection that LISTENs for configuration changes and reconnects,
// with backoff, when it drops. Every (re)connect counts as a change: notifications sent
// while it was away are lost, so the caller must reload everything.
import { Client } from "pg";
import { configChannel } from "../../lib/notify";

export interface ConfigListenerEvents {
  /** Connected and listening; the caller reloads, since changes may have been missed. */
  onListening(): void;
  onChange(payload: string | undefined): void;
  onError(error: Error, retryInMs: number): void;
}

const firstRetryMs = 250;
const maxRetryMs = 10_000;

export interface ConfigListener {
  close(): Promise<void>;
}

/** `applicationName` shows in pg_stat_activity, so an operator can tell the gateways' listeners apart. */
export function listenForConfigChanges(connectionString: string, applicationName: string, events: ConfigListenerEvents): ConfigListener {
  let client: Client | undefined;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  function scheduleRetry(error: Error) {
    if (closed || retryTimer) return;
    events.onError(error, retryMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  }

  async function connect() {
    const c = new Client({ connectionString, keepAlive: true, application_name: applicationName });
    client = c;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      c.removeAllListeners("notification");
      c.end().catch(() => {});
      if (client === c) client = undefined;
      scheduleRetry(error);
    };
    c.on("error", fail);
    c.on("end", () => fail(new Error("The configuration listener's connection ended.")));
    c.on("notification", (n) => {
      if (n.channel === configChannel) events.onChange(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${configChannel}`);
    } catch (e) {
      fail(e as Error);
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    retryMs = firstRetryMs;
    events.onListening();
  }

  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners("end");
        c.removeAllListeners("error");
        c.on("error", () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
