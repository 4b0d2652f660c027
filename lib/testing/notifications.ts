// Configuration notifications heard the way a gateway hears them: LISTEN on a connection of its own.
import pg from "pg";
import { config } from "../config";
import { configChannel, type ConfigChange } from "../notify";

export interface ConfigListener {
  /**
   * Resolves at the first notification of `change` from now on; call it before the write.
   * Test files share the database, so another file's change of the same kind counts too.
   */
  next(change: ConfigChange): Promise<void>;
  close(): Promise<void>;
}

export async function listenForConfigChanges(): Promise<ConfigListener> {
  const client = new pg.Client({ connectionString: config().DATABASE_URL });
  await client.connect();
  await client.query(`LISTEN ${configChannel}`);
  let waiters: { change: string; resolve: () => void }[] = [];
  client.on("notification", (n) => {
    for (const w of waiters) if (w.change === n.payload) w.resolve();
    waiters = waiters.filter((w) => w.change !== n.payload);
  });
  return {
    next: (change) => new Promise((resolve) => waiters.push({ change, resolve })),
    close: () => client.end(),
  };
}
