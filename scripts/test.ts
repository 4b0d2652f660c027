// `npm test`: every test, each suite on a fresh database. Chromium first (installed when we
// may), then two scratch databases (the machine's PostgreSQL, or an embedded one when there
// is none), vitest (unit and integration) on one, Playwright (the whole stack, started by
// its config through scripts/start.ts) on the other. The databases are dropped at the end,
// whatever happened. `--unit` or `--e2e` runs one suite; arguments after it go to its runner
// (`npm run test:e2e -- e2e/tutorial.spec.ts`).
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { userInfo } from "node:os";
import { ensureNextBuild } from "./next-build";
import { bin, repoRoot, runChild, runningChildren, spawnChild, stopChild } from "./processes";
import { createScratchDatabase, dropRunDatabases, dropStaleScratchDatabases, redact, scratchServer, type ScratchDatabase, type ScratchServer } from "./scratch-db";

interface Step {
  name: string;
  ok: boolean;
  detail: string;
  seconds: number;
}

const steps: Step[] = [];
let server: ScratchServer | undefined;
const databases: ScratchDatabase[] = [];
let interrupted = false;

const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : undefined;
const runnerArgs = args.filter((a) => a !== "--unit" && a !== "--e2e");
if (runnerArgs.length && !only) {
  console.error("npm test runs every test; to pass arguments to one runner, name it: npm test -- --unit <vitest args> or --e2e <playwright args>");
  process.exit(2);
}

function say(line: string): void {
  console.log(`\n== ${line}`);
}

/** Runs one step, records how it went and how long it took; returns its value, or undefined when it failed. */
async function step<T>(name: string, run: () => Promise<T>, describe: (value: T) => string = () => ""): Promise<T | undefined> {
  if (interrupted) return undefined; // The signal handler is cleaning up.
  say(name);
  const started = Date.now();
  try {
    const value = await run();
    steps.push({ name, ok: true, detail: describe(value), seconds: (Date.now() - started) / 1000 });
    return value;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (!interrupted) console.error(message);
    steps.push({ name, ok: false, detail: message.split("\n")[0], seconds: (Date.now() - started) / 1000 });
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p): p is string => !!p && isExecutable(p));
}

function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Playwright drives Debian's Chromium: its own browser downloads are out of reach here. */
async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  const debian = existsSync("/etc/debian_version");
  if (debian && userInfo().uid === 0 && hasCommand("apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      await runChild("apt-get", "apt-get", ["update"], { env });
      await runChild("apt-get", "apt-get", ["install", "-y", "chromium"], { env });
    } catch (error) {
      console.error((error as Error).message);
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    [
      `Chromium was not found at ${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} nor ` : ""}/usr/bin/chromium. The end-to-end tests need it. Install it with:`,
      "  Debian, Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium",
      "  Fedora:          sudo dnf install -y chromium",
      "  Arch:            sudo pacman -S chromium",
      "  macOS:           brew install --cask chromium",
      "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run npm test again.",
    ].join("\n"),
  );
}

/** One database per suite; the second a copy of the first, taken before anything connects to it. */
async function createDatabases(labels: string[]): Promise<string> {
  server = await scratchServer();
  const stale = await dropStaleScratchDatabases(server.adminUrl);
  if (stale.length) console.log(`dropped ${stale.length} scratch database(s) left by killed runs`);
  for (const label of labels) databases.push(await createScratchDatabase(server.adminUrl, label, databases[0]));
  for (const database of databases) console.log(`  ${database.name}`);
  const where = server.kind === "embedded" ? "an embedded PostgreSQL (the machine's was unreachable)" : redact(server.adminUrl);
  return `on ${where}`;
}

/** A test runner in the foreground: its own output, colours and all. */
async function runTests(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const code = await spawnChild(name, process.execPath, [bin(name), ...args], { cwd: repoRoot, env, stdio: "inherit" }).exited;
  if (code !== 0) throw new Error(`${name} failed (exit code ${code})`);
}

let cleaning: Promise<string> | undefined;
function cleanUp(): Promise<string> {
  cleaning ??= dropDatabases();
  return cleaning;
}

async function dropDatabases(): Promise<string> {
  if (!server) return "nothing to drop";
  try {
    // Ours, and any a test made and could not drop because we stopped it.
    const dropped = await dropRunDatabases(server.adminUrl);
    return `dropped ${dropped.length} scratch database(s)`;
  } finally {
    await server.close();
  }
}

function summary(): void {
  const width = Math.max(...steps.map((s) => s.name.length));
  console.log("\nnpm test summary");
  for (const s of steps) {
    console.log(`  ${s.ok ? "ok    " : "FAILED"}  ${s.name.padEnd(width)}  ${s.seconds.toFixed(1).padStart(6)} s  ${s.detail}`);
  }
  const failed = steps.filter((s) => !s.ok).length;
  console.log(failed ? `${failed} step(s) failed` : "all passed");
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the tests and dropping the scratch databases`);
    void (async () => {
      await Promise.all(runningChildren().map((child) => stopChild(child, 5000)));
      await cleanUp().catch((error) => console.error(error.message));
      process.exit(130);
    })();
  });
}

async function main(): Promise<number> {
  const unit = only !== "e2e";
  const e2e = only !== "unit";
  let chromium: string | undefined;
  if (e2e) {
    chromium = await step("chromium", ensureChromium, (path) => path);
    if (!chromium) {
      summary();
      return 1;
    }
  }
  const labels = [...(unit ? ["vitest"] : []), ...(e2e ? ["e2e"] : [])];
  if ((await step("databases", () => createDatabases(labels), (where) => where)) !== undefined) {
    if (unit) {
      const database = databases[0];
      await step("vitest", () => runTests("vitest", ["run", ...runnerArgs], { ...process.env, DATABASE_URL: database.url }));
    }
    if (e2e) {
      const database = databases.at(-1)!;
      const built = await step(
        "next build",
        () => ensureNextBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, (line) => console.log(line)),
        (didBuild) => (didBuild ? "built" : "up to date"),
      );
      if (built !== undefined) {
        // The Playwright config starts the stack on E2E_DATABASE_URL; a DATABASE_URL of the user's must not leak in.
        const env: NodeJS.ProcessEnv = { ...process.env, E2E_DATABASE_URL: database.url, CHROMIUM_PATH: chromium, NEXT_TELEMETRY_DISABLED: "1" };
        delete env.DATABASE_URL;
        await step("playwright", () => runTests("playwright", ["test", ...runnerArgs], env));
      }
    }
  }
  await step("clean up", cleanUp, (done) => done);
  // Interrupted: the signal handler started the clean-up; exit only once it is done.
  if (interrupted) await cleanUp().catch(() => {});
  summary();
  if (interrupted) return 130;
  return steps.every((s) => s.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
