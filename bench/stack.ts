// The processes under test, each its own process on loopback: the echo backend, the gateway
// and (when Debian's nginx is installed) nginx; and what /proc says about them.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { isListening, repoRoot } from "../scripts/processes";
import { createScratchDatabase, scratchServer } from "../scripts/scratch-db";

export const nginxBinary = "/usr/sbin/nginx";

export interface Service {
  name: string;
  port: number;
  /** The process doing the work: nginx's worker, not its master. */
  pid: number;
  stop(): Promise<void>;
}

const clockTicks = 100; // USER_HZ, the unit of /proc/<pid>/stat's CPU times on Linux

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which may itself hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/**
 * CPU seconds the hypervisor gave to others while this machine wanted them (steal, summed
 * over cores): a window with much of it measured a machine that was not all there.
 */
export function stolenSeconds(): number {
  // The first line: cpu user nice system idle iowait irq softirq steal ...
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/);
  return Number(fields[8] ?? 0) / clockTicks;
}

/**
 * Read- and write-family system calls the process has made so far (/proc/<pid>/io's syscr and
 * syscw). They count read(2) and writev(2), which libuv uses, not recv(2) and send(2): so a
 * Node process's socket calls, not nginx's.
 */
export function ioCalls(pid: number): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  return { reads: Number(/^syscr: (\d+)/m.exec(io)?.[1] ?? 0), writes: Number(/^syscw: (\d+)/m.exec(io)?.[1] ?? 0) };
}

export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

/** The hard limit on open files a child can raise itself to (Node raises its own). */
export function openFileLimit(): number {
  const match = /^Max open files\s+\d+\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  return Number(match?.[1] ?? 1024);
}

function nodeChild(name: string, script: string, env: Record<string, string>, execArgv: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...execArgv, "--import", "tsx", join(repoRoot, script)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  child.stderr!.on("data", (d: Buffer) => errors.push(d.toString()));
  child.once("exit", (code, signal) => {
    if (code && !stopping.has(child)) process.stderr.write(`bench: ${name} exited with ${code ?? signal}\n${errors.join("").slice(-2000)}`);
  });
  return child;
}

const stopping = new WeakSet<ChildProcess>();

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  stopping.add(child);
  const exited = once(child, "exit");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The first stdout line that `accept` recognises; the child's failure or a timeout rejects. */
async function firstLine<T>(name: string, child: ChildProcess, accept: (line: string) => T | undefined, timeoutMs = 60_000): Promise<T> {
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    for await (const line of lines) {
      const value = accept(line);
      if (value !== undefined) return value;
    }
    throw new Error(`${name} exited before it was ready (code ${child.exitCode})`);
  } finally {
    clearTimeout(timer);
    lines.close();
    // Keep draining: a full pipe would block the child.
    child.stdout!.resume();
  }
}

/**
 * The database the stack runs on: `given`, or a scratch one (named after `purpose`) whose drop,
 * and its server's stop, go on `cleanups`. DATABASE_URL names it, for lib/db.
 */
export async function benchDatabase(given: string | undefined, purpose: string, cleanups: (() => Promise<unknown> | void)[]): Promise<string> {
  let url = given;
  if (!url) {
    const server = await scratchServer();
    cleanups.push(() => server.close());
    const database = await createScratchDatabase(server.adminUrl, purpose);
    cleanups.push(() => database.drop());
    url = database.url;
  }
  process.env.DATABASE_URL = url;
  return url;
}

export async function startEchoBackend(port: number): Promise<Service> {
  const child = nodeChild("echo backend", "scripts/echo-backend.ts", { ECHO_PORT: String(port), ECHO_HOST: "127.0.0.1" });
  await firstLine("echo backend", child, (line) => (line.startsWith("echo backend on") ? true : undefined));
  return { name: "backend", port, pid: child.pid!, stop: () => stopChild(child) };
}

export async function startGatewayProcess(databaseUrl: string, options: { port?: number; cpuProfileDir?: string } = {}): Promise<Service> {
  const execArgv = options.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir] : [];
  const child = nodeChild(
    "gateway",
    "bench/gateway-process.ts",
    { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", BENCH_GATEWAY_PORT: String(options.port ?? 0) },
    execArgv,
  );
  const port = await firstLine("gateway", child, (line) => (line.startsWith('{"port"') ? (JSON.parse(line) as { port: number }).port : undefined));
  return { name: "gateway", port, pid: child.pid!, stop: () => stopChild(child) };
}

export async function startNginx(port: number, backendPort: number, maxConnections: number): Promise<Service | undefined> {
  if (!existsSync(nginxBinary)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "duplex-bench-nginx-"));
  const nofile = openFileLimit();
  const conf = readFileSync(join(repoRoot, "bench", "nginx.conf"), "utf8")
    .replaceAll("{{DIR}}", dir)
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{BACKEND_PORT}}", String(backendPort))
    .replaceAll("{{NOFILE}}", String(nofile))
    // Each proxied WebSocket holds two connections (client and upstream), and nginx wants
    // slack in its pool beyond that ("worker_connections are not enough" at about 2.15 per
    // WebSocket); the pool is not descriptors, which worker_rlimit_nofile bounds.
    .replaceAll("{{WORKER_CONNECTIONS}}", String(3 * maxConnections + 100));
  writeFileSync(join(dir, "nginx.conf"), conf);
  const child = spawn(nginxBinary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
  const errors: string[] = [];
  child.stderr!.on("data", (d: Buffer) => errors.push(d.toString()));
  const stop = async () => {
    await stopChild(child, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start: ${errors.join("")}${existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : ""}`);
    }
    await sleep(50);
  }
  // The worker does the work; the master may accept before its /proc entry lists it.
  let worker = 0;
  while (!(worker = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(" ")[0]))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("nginx started no worker");
    await sleep(10);
  }
  return { name: "nginx", port, pid: worker, stop };
}
