// `next build` when the last build is missing or older than the sources it was built from.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { bin, repoRoot, runChild, sleep } from "./processes";

const sources = ["app", "components", "lib", "proxy.ts", "next.config.js", "next.config.mjs", "next.config.ts", "package.json"];
const buildId = join(repoRoot, ".next", "BUILD_ID");
const lockFile = join(repoRoot, ".data", "next-build.lock");

/** Why a build is needed, or null when .next is up to date. Stops at the first newer file. */
export function staleBuildReason(): string | null {
  if (!existsSync(buildId)) return "no build yet (.next/BUILD_ID is missing)";
  const builtAt = statSync(buildId).mtimeMs;
  for (const source of sources) {
    const newer = newerFile(join(repoRoot, source), builtAt);
    if (newer) return `${newer.slice(repoRoot.length)} changed since the last build`;
  }
  return null;
}

function newerFile(path: string, than: number): string | null {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null;
  }
  if (stat.isFile()) return stat.mtimeMs > than && !/\.test\.tsx?$/.test(path) ? path : null;
  if (!stat.isDirectory()) return null;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const newer = newerFile(join(path, entry), than);
    if (newer) return newer;
  }
  return null;
}

/**
 * Builds the portals if they need it. Two start-ups at once (two test runs in one checkout)
 * must not build into the same .next together: the second waits for the first, then looks again.
 */
export async function ensureNextBuild(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<boolean> {
  if (!staleBuildReason()) return false;
  await withLock(log);
  try {
    const reason = staleBuildReason();
    if (!reason) return false;
    log(`building the portals: ${reason}`);
    const started = Date.now();
    await runChild("build", process.execPath, [bin("next"), "build"], { cwd: repoRoot, env });
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return true;
  } finally {
    unlock();
  }
}

async function withLock(log: (line: string) => void): Promise<void> {
  mkdirSync(join(repoRoot, ".data"), { recursive: true });
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder();
    if (holder !== null && !isAlive(holder)) {
      unlock(holder);
      continue;
    }
    if (!told) log(`waiting for the build that process ${holder} is running`);
    told = true;
    await sleep(1000);
  }
}

/** The PID in the lock file; null while it is being written or gone. */
function lockHolder(): number | null {
  try {
    return Number(readFileSync(lockFile, "utf8").trim()) || null;
  } catch {
    return null;
  }
}

function unlock(holder = process.pid): void {
  if (lockHolder() !== holder) return;
  try {
    unlinkSync(lockFile);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
