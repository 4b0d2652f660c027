// A Redis of the test's own (redis-server on a free port, no persistence), for tests that stop
// and start Redis under a gateway: the machine's Redis is never touched.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "../../scripts/scratch-db";

export interface OwnRedis {
  port: number;
  url: string;
  /** Stops it (SIGKILL: as a crash), resolving once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "duplex-redis-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = c;
    await new Promise<void>((resolve, reject) => {
      c.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready`)));
      createInterface({ input: c.stdout! }).on("line", (line) => {
        if (line.includes("Ready to accept connections")) resolve();
      });
    });
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = once(c, "exit");
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
