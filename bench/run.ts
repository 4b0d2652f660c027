// `npm run bench`: the gateway against a direct connection and nginx, on loopback (issue 6).
// Settings come from BENCH_* variables or --flags (--seconds=2 is BENCH_SECONDS=2):
//   BENCH_SECONDS (5) measuring window per run      BENCH_WARMUP_SECONDS (1), ×3 before a workload
//   BENCH_RUNS (3)                                 BENCH_WORKLOADS (w1,w1-16k,w2,w3,w3-new-tokens,w4)
//   BENCH_TARGETS (direct,nginx,gateway)           BENCH_W2_CONNECTIONS (1000), BENCH_W2_RATE (10000)
//   BENCH_W4_CONNECTIONS (10000, or what the open-file limit allows)
//   BENCH_W3_TOKENS (12000) tokens minted for w3-new-tokens, each used once per gateway start
//   BENCH_CPU_PROFILE (a directory: run the gateway with --cpu-prof, writing there)
//   BENCH_RESULTS (bench/results; "none" writes no file)
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../scripts/scratch-db";
import { repoRoot } from "../scripts/processes";
import type { LoadCommand, LoadReply } from "./load";
import { checkTargets, table, targetLines, type Measurement, type TargetName } from "./report";
import { servedApi } from "./served-api";
import { benchDatabase, cpuSeconds, ioCalls, nginxBinary, openFileLimit, rssBytes, startEchoBackend, startGatewayProcess, startNginx, stolenSeconds, type Service } from "./stack";
import type { Target } from "./wire";

// w3-new-tokens is W3 with a token the gateway has not seen in every handshake: it verifies each signature.
export const allWorkloads = ["w1", "w1-16k", "w2", "w3", "w3-new-tokens", "w4"] as const;
export type Workload = (typeof allWorkloads)[number];

export interface BenchOptions {
  seconds: number;
  warmupSeconds: number;
  runs: number;
  workloads: Workload[];
  targets: TargetName[];
  w2Connections: number;
  w2Rate: number;
  w4Connections: number;
  w3Tokens: number;
  cpuProfileDir?: string;
  /** A migrated database to use; a scratch one is made (and dropped) otherwise. */
  databaseUrl?: string;
  /** Where the JSON goes; undefined writes none. */
  resultsDir?: string;
  log: (line: string) => void;
}

export interface BenchReport {
  startedAt: string;
  options: Omit<BenchOptions, "log">;
  machine: Record<string, string | number>;
  notes: string[];
  measurements: Measurement[];
  targets: ReturnType<typeof checkTargets>;
  table: string;
}

export function optionsFrom(env: NodeJS.ProcessEnv, argv: string[]): BenchOptions {
  const flags = Object.fromEntries(
    argv.filter((a) => a.startsWith("--")).map((a) => {
      const [k, v = "true"] = a.slice(2).split("=");
      return [`BENCH_${k.toUpperCase().replace(/-/g, "_")}`, v];
    }),
  );
  const get = (k: string) => flags[k] ?? env[k];
  const num = (k: string, d: number) => {
    const v = Number(get(k) ?? d);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${k} must be a positive number`);
    return v;
  };
  const list = <T extends string>(k: string, all: readonly T[]): T[] => {
    const picked = (get(k)?.split(",") ?? all) as T[];
    const unknown = picked.filter((p) => !all.includes(p));
    if (unknown.length) throw new Error(`${k}: unknown ${unknown.join(", ")} (one of ${all.join(", ")})`);
    return picked;
  };
  const results = get("BENCH_RESULTS") ?? join(repoRoot, "bench", "results");
  return {
    seconds: num("BENCH_SECONDS", 5),
    warmupSeconds: num("BENCH_WARMUP_SECONDS", 1),
    runs: num("BENCH_RUNS", 3),
    workloads: list("BENCH_WORKLOADS", allWorkloads),
    targets: list("BENCH_TARGETS", ["direct", "nginx", "gateway"] as const),
    w2Connections: num("BENCH_W2_CONNECTIONS", 1000),
    w2Rate: num("BENCH_W2_RATE", 10_000),
    // The gateway and nginx hold two descriptors per connection (client and backend), and some to spare.
    w4Connections: num("BENCH_W4_CONNECTIONS", Math.min(10_000, Math.floor((openFileLimit() - 1000) / 2))),
    w3Tokens: num("BENCH_W3_TOKENS", 12_000),
    cpuProfileDir: get("BENCH_CPU_PROFILE"),
    resultsDir: results === "none" ? undefined : results,
    log: (line) => console.log(line),
  };
}

/** One load generator for the whole bench; a command's reply, with its window's start and end reported on the way. */
class LoadGenerator {
  readonly child: ChildProcess;
  constructor() {
    this.child = fork(join(repoRoot, "bench", "load.ts"), [], { execArgv: ["--import", "tsx"], cwd: repoRoot, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  }

  run(command: LoadCommand, onWindow: (phase: "start" | "end") => void = () => {}): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      const onMessage = (reply: LoadReply) => {
        if (reply.type === "window") return onWindow(reply.phase);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
        if (reply.type === "result") resolve(reply.result);
        else reject(new Error(`${"target" in command ? `${command.target.name}: ` : ""}${reply.message}`));
      };
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
      this.child.send(command);
    });
  }

  stop() {
    this.child.disconnect();
  }
}

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const notes: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const measurements: Measurement[] = [];
  try {
    const databaseUrl = await benchDatabase(o.databaseUrl, "bench", cleanups);

    const backendPort = await freePort();
    let backend = await startEchoBackend(backendPort);
    cleanups.push(() => backend.stop());
    const served = await servedApi(`ws://127.0.0.1:${backendPort}`);
    const { db } = await import("../lib/db");
    cleanups.push(() => db.$disconnect());

    const targets = [...o.targets];
    let nginx: Service | undefined;
    const nginxPort = await freePort();
    // Enough worker_connections for the largest workload, and W4's warm-up of 200.
    const mostConnections = Math.max(o.w4Connections, o.w2Connections, 200) + 100;
    const startNginxNow = async () => (nginx = await startNginx(nginxPort, backendPort, mostConnections));
    if (o.targets.includes("nginx")) {
      await startNginxNow();
      if (!nginx) {
        notes.push(`nginx skipped: ${nginxBinary} is not installed (apt-get install -y nginx).`);
        targets.splice(targets.indexOf("nginx"), 1);
      }
    }
    cleanups.push(async () => nginx?.stop());
    let gateway: Service | undefined;
    const startGatewayNow = async () => (gateway = await startGatewayProcess(databaseUrl, { cpuProfileDir: o.cpuProfileDir }));
    if (targets.includes("gateway")) await startGatewayNow();
    cleanups.push(async () => gateway?.stop());

    const load = new LoadGenerator();
    cleanups.push(async () => load.stop());

    const serviceOf = (t: TargetName): Service => (t === "direct" ? backend : t === "nginx" ? nginx! : gateway!);
    const targetOf = (t: TargetName): Target => ({
      name: t,
      host: "127.0.0.1",
      port: serviceOf(t).port,
      path: t === "gateway" ? served.path : "/",
      // Every target gets the same handshake; only the gateway reads the token.
      token: served.token,
    });
    const warmupMs = o.warmupSeconds * 1000;
    const durationMs = o.seconds * 1000;
    // Before a workload's runs, each target runs it unmeasured for three warm-ups: a gateway whose
    // handshake code is cold spends 690 µs of CPU on one where a warm one spends 420 µs.
    const warmUpMs = 3 * warmupMs;

    /** Runs `command`, reading each process's CPU time as the load generator's window opens and closes. */
    const measure = async (workload: Workload, t: TargetName, run: number, command: LoadCommand) => {
      const processes: Record<string, number> = { loadgen: load.child.pid!, backend: backend.pid };
      if (t !== "direct") processes[t] = serviceOf(t).pid;
      let before: Record<string, number> = {};
      let after: Record<string, number> = {};
      let startAt = 0;
      let endAt = 0;
      // The backend's socket calls: the same echo backend behind every target.
      let callsBefore = { reads: 0, writes: 0 };
      let callsAfter = callsBefore;
      const read = () => ({ ...Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, cpuSeconds(pid)])), steal: stolenSeconds() });
      const values = await load.run(command, (phase) => {
        if (phase === "start") [before, callsBefore, startAt] = [read(), ioCalls(backend.pid), performance.now()];
        else [after, callsAfter, endAt] = [read(), ioCalls(backend.pid), performance.now()];
      });
      const wall = (endAt - startAt) / 1000;
      const cpu = Object.fromEntries([...Object.keys(processes), "steal"].map((n) => [n, wall > 0 ? ((after[n] - before[n]) / wall) * 100 : 0]));
      if (workload === "w1" && values.messagesPerSecond) {
        const proxy = t === "direct" ? "backend" : t;
        const messages = values.messagesPerSecond * wall;
        values.cpuMicrosPerMessage = ((after[proxy] - before[proxy]) * 1e6) / messages;
        values.backendWritesPerMessage = (callsAfter.writes - callsBefore.writes) / messages;
        values.backendMessagesPerRead = messages / Math.max(1, callsAfter.reads - callsBefore.reads);
      }
      // On a shared machine the rate moves with the load around it; the CPU per handshake moves less.
      if (workload.startsWith("w3") && values.handshakesPerSecond) {
        const proxy = t === "direct" ? "backend" : t;
        values.cpuMicrosPerHandshake = ((after[proxy] - before[proxy]) * 1e6) / (values.handshakesPerSecond * wall);
      }
      return { workload, target: t, run, values, cpu };
    };

    /** W4: a fresh process per measurement, so its heap has no room left over from earlier load. */
    const memory = async (t: TargetName, run: number): Promise<Measurement> => {
      if (t === "direct") {
        await backend.stop();
        backend = await startEchoBackend(backendPort);
      } else if (t === "nginx") {
        await nginx!.stop();
        await startNginxNow();
      } else {
        await gateway!.stop();
        await startGatewayNow();
      }
      const target = targetOf(t);
      const pid = serviceOf(t).pid;
      // Warm the handshake path first: code compiled once is not per-connection memory.
      await load.run({ kind: "hold", target, connections: 200, concurrency: 20 });
      await load.run({ kind: "release" });
      await sleep(500);
      const baseline = rssBytes(pid);
      const { connections } = await load.run({ kind: "hold", target, connections: o.w4Connections, concurrency: 50 });
      await sleep(Math.min(2000, 200 + o.w4Connections / 10));
      const held = rssBytes(pid);
      const { dropped } = await load.run({ kind: "release" });
      if (dropped) throw new Error(`${t}: ${dropped} idle connections were closed while held`);
      return {
        workload: "w4",
        target: t,
        run,
        values: { connections, baselineMiB: baseline / 2 ** 20, heldMiB: held / 2 ** 20, kibPerConnection: (held - baseline) / 1024 / connections },
        cpu: {},
      };
    };

    const commandFor = (w: Workload, targetName: TargetName, target: Target): LoadCommand => {
      switch (w) {
        case "w1":
          return { kind: "throughput", target, connections: 50, inFlight: 32, size: 64, warmupMs, durationMs };
        case "w1-16k":
          return { kind: "throughput", target, connections: 50, inFlight: 32, size: 16 * 1024, warmupMs, durationMs };
        case "w2":
          return { kind: "latency", target, connections: o.w2Connections, rate: o.w2Rate, warmupMs, durationMs };
        case "w3":
          return { kind: "handshakes", target, concurrency: 20, warmupMs, durationMs };
        case "w3-new-tokens":
          // Only the gateway verifies tokens; direct and nginx get the same requests, tokens reused.
          return { kind: "handshakes", target, concurrency: 20, warmupMs, durationMs, tokens: targetName === "gateway" ? "once" : "cycled" };
        case "w4":
          throw new Error("W4 is measured by memory()");
      }
    };

    /** Runs the workload against `t` unmeasured (w3-new-tokens as W3, with its one token). */
    const warmUpTarget = (w: Workload, t: TargetName) =>
      load.run({ ...commandFor(w === "w3-new-tokens" ? "w3" : w, t, targetOf(t)), warmupMs: 0, durationMs: warmUpMs } as LoadCommand);

    /** Each target runs the workload unmeasured first, so no run meets code its process has not run yet. */
    const warmUp = async (w: Workload) => {
      for (const t of targets) {
        // A target that fails here fails its measured runs too, which report it.
        await warmUpTarget(w, t).catch(() => {});
      }
    };

    for (const w of o.workloads) {
      if (w !== "w4") await warmUp(w);
      if (w === "w3-new-tokens") {
        o.log(`minting ${o.w3Tokens} tokens for w3-new-tokens`);
        await load.run({ kind: "tokens", tokens: await served.mint(o.w3Tokens) });
      }
      for (let run = 1; run <= o.runs; run++) {
        // Interleaved: direct, nginx, gateway, direct, ...
        for (const t of targets) {
          let m: Measurement;
          try {
            // A gateway started afresh has verified none of the tokens. Its code is then warmed with
            // W3's one token, as a gateway that has been running would be.
            if (w === "w3-new-tokens" && t === "gateway") {
              await gateway!.stop();
              await startGatewayNow();
              await warmUpTarget(w, t);
            }
            m = w === "w4" ? await memory(t, run) : await measure(w, t, run, commandFor(w, t, targetOf(t)));
          } catch (e) {
            // One failed measurement (a check that did not hold, a refused connection) is reported, and the rest still run.
            const note = `${w} run ${run} ${t} failed: ${(e as Error).message}`;
            notes.push(note);
            o.log(note);
            continue;
          }
          measurements.push(m);
          o.log(`${w} run ${run} ${t}: ${Object.entries(m.values).map(([k, v]) => `${k} ${+v.toFixed(2)}`).join(", ")}${Object.keys(m.cpu).length ? ` | cpu ${Object.entries(m.cpu).map(([k, v]) => `${k} ${v.toFixed(0)}%`).join(", ")}` : ""}`);
        }
      }
    }

    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      options: { ...o, log: undefined } as Omit<BenchOptions, "log">,
      machine: machine(),
      notes,
      measurements,
      targets: checkTargets(measurements),
      table: table(measurements, targets),
    };
    o.log(`\n${report.table}\n\nIssue 6's targets:\n${targetLines(report.targets)}${notes.length ? `\n\n${notes.join("\n")}` : ""}`);
    if (o.resultsDir) {
      mkdirSync(o.resultsDir, { recursive: true });
      const file = join(o.resultsDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      o.log(`\nwritten to ${file}`);
    }
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: Error) => o.log(`cleanup: ${e.message}`));
  }
}

function machine(): Record<string, string | number> {
  // nginx -v writes its version to stderr.
  const version = spawnSync(nginxBinary, ["-v"], { encoding: "utf8" });
  const nginx = version.error ? "not installed" : version.stderr.trim();
  return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, kernel: release(), node: process.version, nginx, openFiles: openFileLimit() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = optionsFrom(process.env, process.argv.slice(2));
  const stop = () => process.exit(130);
  process.once("SIGINT", stop);
  try {
    await runBench(options);
    process.exit(0);
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
