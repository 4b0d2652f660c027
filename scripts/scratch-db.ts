// Fresh, migrated databases for one test run, dropped at its end: used by `npm test`
// (one for vitest, one for Playwright) and by vitest's global setup when run alone.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { bin, repoRoot, runChild } from "./processes";

export const defaultAdminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const prefix = "duplex_test_";
// Older scratch databases are left-overs of runs that were killed before they could clean up.
const staleAfterMs = 12 * 60 * 60 * 1000;

/** A PostgreSQL server to make scratch databases on. */
export interface ScratchServer {
  adminUrl: string;
  /** "machine" for the configured server, "embedded" when it was unreachable. */
  kind: "machine" | "embedded";
  close(): Promise<void>;
}

/**
 * The server at TEST_DATABASE_ADMIN_URL (default: the machine's PostgreSQL); when that is
 * unreachable, as on a fresh machine, an embedded PostgreSQL in a temporary directory.
 */
export async function scratchServer(adminUrl = process.env.TEST_DATABASE_ADMIN_URL || defaultAdminUrl): Promise<ScratchServer> {
  if (await canConnect(adminUrl)) return { adminUrl, kind: "machine", close: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), "duplex-pg-"));
  // mkdtemp makes the directory 0700; the server may run as the `postgres` user (see embedded-postgres.ts).
  chmodSync(dir, 0o755);
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres({ dir: join(dir, "data"), port: await freePort() });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: embedded.adminUrl,
    kind: "embedded",
    async close() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function canConnect(url: string, timeoutMs = 3000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a database named after `label` on the server at `adminUrl` and applies the
 * migrations to it, or copies `template` (a migrated scratch database nobody is connected
 * to), which takes a fraction of a second where `prisma migrate deploy` takes several.
 */
export async function createScratchDatabase(adminUrl: string, label: string, template?: ScratchDatabase): Promise<ScratchDatabase> {
  const name = `${prefix}${testRun()}_${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template.name}"` : ""}`));
  const url = databaseUrl(adminUrl, name);
  const drop = () => dropDatabase(adminUrl, name);
  if (template) return { name, url, drop };
  try {
    await migrate(url);
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { name, url, drop };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE ends the connections a test left open (PostgreSQL 13+).
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`));
}

/**
 * The run a scratch database belongs to, in its name: the processes of one `npm test`
 * (it, vitest's workers, a test that makes databases of its own) share it through the
 * environment, so the run can drop every database it made, even those of a test it interrupted.
 */
export function testRun(): string {
  process.env.DUPLEX_TEST_RUN ??= randomBytes(3).toString("hex");
  return process.env.DUPLEX_TEST_RUN;
}

async function scratchDatabases(adminUrl: string, namePrefix: string): Promise<string[]> {
  const { rows } = await withClient(adminUrl, (c) =>
    c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [namePrefix]),
  );
  return rows.map((r) => r.datname);
}

/** Drops every scratch database of this run (see testRun). */
export async function dropRunDatabases(adminUrl: string): Promise<string[]> {
  const names = await scratchDatabases(adminUrl, `${prefix}${testRun()}_`);
  for (const name of names) await dropDatabase(adminUrl, name);
  return names;
}

/** Drops scratch databases that runs killed outright (SIGKILL) left behind. */
export async function dropStaleScratchDatabases(adminUrl: string): Promise<string[]> {
  const stale = (await scratchDatabases(adminUrl, prefix)).filter((name) => {
    const created = parseInt(name.split("_").at(-2) ?? "", 36);
    return Number.isFinite(created) && Date.now() - created > staleAfterMs;
  });
  for (const name of stale) await dropDatabase(adminUrl, name).catch(() => {});
  return stale;
}

/** `prisma migrate deploy` against `url`; its output is shown only when it fails. */
export async function migrate(url: string): Promise<void> {
  try {
    await runChild("migrate", process.execPath, [bin("prisma"), "migrate", "deploy"], {
      cwd: repoRoot,
      // CHECKPOINT_DISABLE: no update check, which waits for a timeout on an offline machine.
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      quiet: true,
    });
  } catch (error) {
    throw new Error(`prisma migrate deploy failed for ${redact(url)}: ${(error as Error).message}`);
  }
}

/**
 * Whether every migration in prisma/migrations is applied: `prisma migrate deploy` costs
 * several seconds even when there is nothing to do, and `npm start` runs on every start.
 */
export async function migrationsApplied(url: string): Promise<boolean> {
  const authored = readdirSync(join(repoRoot, "prisma", "migrations")).filter((d) => /^\d/.test(d));
  try {
    const { rows } = await withClient(url, (c) =>
      c.query<{ migration_name: string; done: boolean }>(
        "SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS done FROM _prisma_migrations",
      ),
    );
    // A failed or rolled-back row is for `migrate deploy` to report.
    if (rows.some((r) => !r.done)) return false;
    const applied = new Set(rows.map((r) => r.migration_name));
    return authored.every((name) => applied.has(name));
  } catch {
    return false; // No _prisma_migrations table yet: a new database.
  }
}

/** `adminUrl` with its database replaced by `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const { rowCount } = await withClient(adminUrl, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]));
  return rowCount === 1;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
