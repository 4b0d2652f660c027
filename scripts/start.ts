// `npm start`: everything Duplex needs on one machine. A database (DATABASE_URL, or an
// embedded PostgreSQL under .data/postgres), migrated and seeded; the portals (Next.js,
// built first when the sources changed); the gateway; the tutorial's echo backend.
// It owns those processes: Ctrl-C or SIGTERM stops them all, and when one dies the rest
// are stopped too, so nothing is left half-running. `--dev` runs `next dev` instead.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { ensureNextBuild } from "./next-build";
import { bin, isListening, repoRoot, runningChildren, sleep, spawnChild, stopChild, waitForPort, type Child } from "./processes";
import { databaseExists, databaseUrl, migrate, migrationsApplied, redact } from "./scratch-db";

const dev = process.argv.includes("--dev");
const startedAt = Date.now();
const gatewayPort = port("GATEWAY_PORT", 9099);
// A second gateway serves the Development environment (lib/environments.ts).
const devGatewayPort = port("GATEWAY_DEV_PORT", gatewayPort + 100);
const ports = {
  PORT: port("PORT", 3000),
  GATEWAY_PORT: gatewayPort,
  // The gateway's /healthz, /readyz and /metrics: next to its WebSocket port unless told,
  // so a second stack on other ports (the e2e tests') does not collide with the first.
  GATEWAY_ADMIN_PORT: port("GATEWAY_ADMIN_PORT", gatewayPort - 1),
  // wss: 1000 below the ws port unless told (8099 beside 9099).
  GATEWAY_TLS_PORT: port("GATEWAY_TLS_PORT", gatewayPort > 1000 ? gatewayPort - 1000 : gatewayPort + 1000),
  ECHO_PORT: port("ECHO_PORT", 7070),
  GATEWAY_DEV_PORT: devGatewayPort,
  GATEWAY_DEV_ADMIN_PORT: port("GATEWAY_DEV_ADMIN_PORT", devGatewayPort - 1),
  GATEWAY_DEV_TLS_PORT: port("GATEWAY_DEV_TLS_PORT", devGatewayPort > 1000 ? devGatewayPort - 1000 : devGatewayPort + 1000),
};
const embeddedPort = port("EMBEDDED_PG_PORT", 55432);
const dataDir = join(repoRoot, ".data");

let database: EmbeddedPostgres | undefined;
let stopping: Promise<void> | undefined;

function say(line: string): void {
  console.log(`duplex   | ${line}`);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`duplex   | ${name}=${raw} is not a port number (1-65535)`);
    process.exit(2);
  }
  return value;
}

/** Stops the children (the portals, gateway and echo backend, or a build), then the database. */
function shutdown(code: number, reason: string): Promise<void> {
  if (stopping) return stopping;
  say(reason);
  stopping = (async () => {
    await Promise.all(runningChildren().map((child) => stopChild(child)));
    await database?.stop();
    say("stopped");
    process.exit(code);
  })();
  return stopping;
}

let signalledAt = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!stopping) {
      signalledAt = Date.now();
      return void shutdown(0, `${signal}: stopping everything`);
    }
    // One Ctrl-C can arrive twice: from the terminal and forwarded by npm.
    if (Date.now() - signalledAt < 1000) return;
    // A second Ctrl-C: the user has waited long enough.
    say("stopping now");
    for (const child of runningChildren()) child.process.kill("SIGKILL");
    process.exit(1);
  });
}

/** Stop everything when a process we need dies. A Ctrl-C reaches the children and us at once: let ours be seen first. */
function watch(name: string, exited: Promise<unknown>): void {
  void exited.then(async (code) => {
    await sleep(500);
    if (!stopping) void shutdown(1, `${name} exited unexpectedly${typeof code === "number" ? ` (exit code ${code})` : ""}: stopping everything`);
  });
}

async function assertPortsFree(): Promise<void> {
  const checks = Object.entries(ports).map(async ([name, value]) => ((await isListening(value)) ? `${value} (${name})` : null));
  const busy = (await Promise.all(checks)).filter(Boolean);
  if (busy.length) {
    throw new Error(`port ${busy.join(", ")} is already in use: stop what holds it, or choose other ports, e.g. PORT=3001 GATEWAY_PORT=9199 GATEWAY_ADMIN_PORT=9198 ECHO_PORT=7171 npm start`);
  }
}

/** The embedded PostgreSQL under .data/postgres, with a `duplex` database. */
async function startDatabase(): Promise<string> {
  say(`no DATABASE_URL: starting the embedded PostgreSQL in .data/postgres on port ${embeddedPort}`);
  database = await startEmbeddedPostgres({ dir: join(dataDir, "postgres"), port: embeddedPort });
  watch("the embedded PostgreSQL", database.exited);
  if (!(await databaseExists(database.adminUrl, "duplex"))) {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    await client.query("CREATE DATABASE duplex");
    await client.end();
  }
  return databaseUrl(database.adminUrl, "duplex");
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to the database in DATABASE_URL (${redact(url)}): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** NEXTAUTH_SECRET, or one generated once and kept in .data so sessions survive a restart. */
function nextAuthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = join(dataDir, "nextauth-secret");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved) return saved;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function seedDatabase(): Promise<void> {
  // lib/config.ts reads process.env on first use.
  const { seed } = await import("../prisma/seed");
  const { db } = await import("../lib/db");
  await seed();
  await db.$disconnect();
}

function service(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawnChild(name, process.execPath, args, { cwd: repoRoot, env });
  watch(name, child.exited);
  return child;
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, "gateway", "main.ts"))) throw new Error("gateway/main.ts is missing: this checkout has no gateway");
  await assertPortsFree();

  const url = process.env.DATABASE_URL || (await startDatabase());
  if (process.env.DATABASE_URL) {
    say(`database: ${redact(url)}`);
    await assertReachable(url);
  }
  if (await migrationsApplied(url)) say("migrations: all applied");
  else {
    say("applying migrations");
    await migrate(url);
  }

  const portalUrl = process.env.PORTAL_URL || `http://localhost:${ports.PORT}`;
  const env: Record<string, string> = {
    DATABASE_URL: url,
    PORT: String(ports.PORT),
    PORTAL_URL: portalUrl,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || portalUrl,
    NEXTAUTH_SECRET: nextAuthSecret(),
    GATEWAY_PORT: String(ports.GATEWAY_PORT),
    GATEWAY_ADMIN_PORT: String(ports.GATEWAY_ADMIN_PORT),
    GATEWAY_URL: process.env.GATEWAY_URL || `ws://localhost:${ports.GATEWAY_PORT}`,
    GATEWAY_DEV_URL: process.env.GATEWAY_DEV_URL || `ws://localhost:${ports.GATEWAY_DEV_PORT}`,
    GATEWAY_TLS_PORT: String(ports.GATEWAY_TLS_PORT),
    GATEWAY_WSS_URL: process.env.GATEWAY_WSS_URL || `wss://localhost:${ports.GATEWAY_TLS_PORT}`,
    GATEWAY_DEV_WSS_URL: process.env.GATEWAY_DEV_WSS_URL || `wss://localhost:${ports.GATEWAY_DEV_TLS_PORT}`,
    ECHO_PORT: String(ports.ECHO_PORT),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);
  say("seeding");
  await seedDatabase();

  if (!dev) await ensureNextBuild(process.env, say);
  if (stopping) return;

  const echo = service("echo", ["--import", "tsx", "scripts/echo-backend.ts"], process.env);
  const gateway = service("gateway", ["--import", "tsx", "gateway/main.ts"], process.env);
  const devGateway = service("gateway-dev", ["--import", "tsx", "gateway/main.ts"], {
    ...process.env,
    GATEWAY_ENVIRONMENT: "Development",
    GATEWAY_PORT: String(ports.GATEWAY_DEV_PORT),
    GATEWAY_ADMIN_PORT: String(ports.GATEWAY_DEV_ADMIN_PORT),
    GATEWAY_TLS_PORT: String(ports.GATEWAY_DEV_TLS_PORT),
  });
  // Next listens on every address unless PORTAL_HOST names one (its -H).
  const portalHost = process.env.PORTAL_HOST ? ["-H", process.env.PORTAL_HOST] : [];
  const next = service("next", [bin("next"), dev ? "dev" : "start", "-p", String(ports.PORT), ...portalHost], process.env);
  await Promise.all([
    waitForPort(ports.ECHO_PORT, 60_000, echo),
    waitForPort(ports.GATEWAY_PORT, 60_000, gateway),
    waitForPort(ports.GATEWAY_ADMIN_PORT, 60_000, gateway),
    waitForPort(ports.GATEWAY_DEV_PORT, 60_000, devGateway),
    waitForPort(ports.GATEWAY_TLS_PORT, 60_000, gateway),
    waitForPort(ports.GATEWAY_DEV_TLS_PORT, 60_000, devGateway),
    waitForPort(ports.PORT, 120_000, next),
  ]);
  // A child can fail just after it listened (each gateway binds three ports).
  await sleep(300);
  if (stopping) return;

  const base = `http://localhost:${ports.PORT}`;
  console.log(
    [
      "",
      `Duplex is running (started in ${Math.round((Date.now() - startedAt) / 1000)} s):`,
      `  Publisher          ${base}/publisher`,
      `  Developer Portal   ${base}/devportal`,
      `  Gateway            ws://localhost:${ports.GATEWAY_PORT}  (Production; health: http://localhost:${ports.GATEWAY_ADMIN_PORT}/healthz)`,
      `                     ${process.env.GATEWAY_WSS_URL}  (${process.env.GATEWAY_TLS_CERT ? "certificate GATEWAY_TLS_CERT" : "self-signed certificate in .data/tls"})`,
      `  Gateway            ws://localhost:${ports.GATEWAY_DEV_PORT}  (Development; health: http://localhost:${ports.GATEWAY_DEV_ADMIN_PORT}/healthz)`,
      `                     ${process.env.GATEWAY_DEV_WSS_URL}`,
      `  Echo backend       ws://localhost:${ports.ECHO_PORT}`,
      `  Database           ${database ? `embedded PostgreSQL, .data/postgres (port ${embeddedPort})` : redact(url)}`,
      "Sign in as admin / admin. Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

main().catch((error: Error) => {
  if (stopping) return;
  void shutdown(1, `cannot start: ${error.message}`);
});
