// The child processes of `npm start` and `npm test`: spawned in our process group (so a
// Ctrl-C in the terminal, or Playwright killing its webServer's group, reaches them too),
// their output prefixed with their name, and stopped with their own children.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** A package's command from node_modules/.bin: one process, unlike `npx`, which stays as its parent. */
export function bin(name: string): string {
  return join(repoRoot, "node_modules", ".bin", name);
}

const colors = [36, 35, 33, 32, 34, 31];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
let nextColor = 0;
let nameWidth = 8;

/** A child whose lines are printed as `name | line`. */
export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (128 + n when killed by signal n) once the child has exited. */
  exited: Promise<number>;
  /** With `quiet`, the lines it printed, kept instead of shown. */
  output: string[];
}

export type ChildOptions = SpawnOptions & { quiet?: boolean };

const children = new Set<Child>();

export function spawnChild(name: string, command: string, args: string[], { quiet, ...options }: ChildOptions = {}): Child {
  nameWidth = Math.max(nameWidth, name.length);
  const color = colors[nextColor++ % colors.length];
  const label = () => (useColor ? `\x1b[${color}m${name.padEnd(nameWidth)}\x1b[0m |` : `${name.padEnd(nameWidth)} |`);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const output: string[] = [];
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      if (quiet) output.push(line);
      else out.write(`${label()} ${line}\n`);
    });
  }
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      process.stderr.write(`${label()} could not start ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
  const entry: Child = { name, process: child, exited, output };
  children.add(entry);
  void exited.then(() => children.delete(entry));
  return entry;
}

/** Runs a command to completion, output prefixed (or, with `quiet`, shown only if it fails); throws when it fails. */
export async function runChild(name: string, command: string, args: string[], options: ChildOptions = {}): Promise<void> {
  const child = spawnChild(name, command, args, options);
  const code = await child.exited;
  if (code !== 0) throw new Error(`${name} failed (exit code ${code})${child.output.length ? `:\n${child.output.join("\n")}` : ""}`);
}

/** Every child still running. */
export function runningChildren(): Child[] {
  return [...children];
}

/**
 * Stops a child and everything it started: SIGTERM to the whole tree, then SIGKILL to
 * whatever is left after `graceMs`. Resolves once they are all gone.
 */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) {
    await killTree(pid, [], graceMs);
    return;
  }
  await killTree(pid, descendants(pid), graceMs);
  await child.exited;
}

async function killTree(pid: number | undefined, others: number[], graceMs: number): Promise<void> {
  const pids = pid === undefined ? others : [pid, ...others];
  for (const p of pids) signal(p, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (pids.some(isRunning) && Date.now() < deadline) await sleep(100);
  for (const p of pids.filter(isRunning)) signal(p, "SIGKILL");
  while (pids.some(isRunning)) await sleep(50);
}

/** The PIDs of a process's children, grandchildren, … (Linux: read from /proc; elsewhere none). */
export function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we were reading.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const kid of byParent.get(queue.shift()!) ?? []) {
      found.push(kid);
      queue.push(kid);
    }
  }
  return found;
}

/** Whether `pid` is a live process (a zombie, still listed until reaped, is not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0 until its parent reaps it; it holds no port nor file.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function signalNumber(name: NodeJS.Signals | null): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[name ?? ""] ?? 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether something accepts TCP connections on host:port. */
export function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits until host:port accepts connections; rejects after `timeoutMs` or when `child` exits first. */
export async function waitForPort(port: number, timeoutMs: number, child?: Child): Promise<void> {
  let exited = false;
  void child?.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await isListening(port))) {
    if (exited) throw new Error(`${child!.name} exited before it listened on port ${port}`);
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(200);
  }
}
