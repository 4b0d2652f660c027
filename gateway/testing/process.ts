// The gateway as its own process (gateway/main.ts), for tests of what only a process does:
// signals, exit codes, node:cluster workers. Its JSON log lines are the test's view of it.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface LogLine {
  event?: string;
  pid: number;
  msg: string;
  [field: string]: unknown;
}

export interface GatewayProcess {
  child: ChildProcess;
  lines: LogLine[];
  /** Resolves with the first line, past or coming, that `test` accepts. */
  line(test: (l: LogLine) => boolean): Promise<LogLine>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** What it wrote that was not a JSON line (for a failing test's message). */
  other: string[];
}

/** Starts gateway/main.ts on loopback and free ports, with `env` over the test's environment. */
export function startGatewayProcess(env: Record<string, string | undefined> = {}): GatewayProcess {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_HOST: "127.0.0.1",
    GATEWAY_PORT: "0",
    GATEWAY_ADMIN_PORT: "0",
    LOG_LEVEL: "info",
  };
  for (const name of ["REDIS_URL", "GATEWAY_TLS_PORT", "GATEWAY_TLS_CERT", "GATEWAY_TLS_KEY", "GATEWAY_WORKERS"]) delete childEnv[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "gateway/main.ts"], { cwd: repoRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  const other: string[] = [];
  const waiting = new Set<{ test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  createInterface({ input: child.stdout! }).on("line", (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      other.push(text);
      return;
    }
    lines.push(line);
    for (const w of waiting) {
      if (!w.test(line)) continue;
      waiting.delete(w);
      w.resolve(line);
    }
  });
  createInterface({ input: child.stderr! }).on("line", (text) => other.push(text));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    other,
    exited,
    line(test) {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiting.add({ test, resolve });
        void exited.then((code) => reject(new Error(`the gateway exited (${code}) first:\n${[...other, ...lines.map((l) => JSON.stringify(l))].join("\n")}`)));
      });
    },
  };
}
