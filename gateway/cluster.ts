// GATEWAY_WORKERS=n: this process forks n gateway processes (gateway/main.ts again, as
// node:cluster workers) that share its ports; the primary hands each new connection to the
// next worker in turn. A worker that dies unexpectedly is replaced; SIGTERM or SIGINT is
// passed to every worker, and the primary exits once they all have.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

export function runPrimary(workers: number, logger: Logger): void {
  let stopping = false;
  let failed = false;
  const listening = new WeakSet<Worker>();
  // Ours, not cluster.workers: a worker leaves that only once its IPC channel has closed too.
  const live = new Set<Worker>();

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once("listening", () => listening.add(worker));
    return worker;
  };

  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    const exit = { event: "worker_exited", worker: worker.process.pid, code, signal };
    if (stopping) {
      logger.info(exit, `worker ${worker.process.pid} stopped`);
      if (code !== 0) failed = true;
    } else if (!listening.has(worker)) {
      // It never served: a restart would fail the same way (a port in use, a bad certificate).
      logger.fatal(exit, `worker ${worker.process.pid} could not start (${signal ?? `exit code ${code}`}): stopping the gateway`);
      failed = true;
      stop("SIGTERM");
    } else {
      const replacement = fork();
      logger.warn({ ...exit, replacement: replacement.process.pid }, `worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); started ${replacement.process.pid}`);
    }
    if (stopping && live.size === 0) {
      logger.info({ event: "stopped" }, "all gateway workers stopped");
      process.exit(failed ? 1 : 0);
    }
  });

  function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    logger.info({ event: "stopping", signal }, `${signal}: stopping ${live.size} workers`);
    for (const worker of live) worker.process.kill("SIGTERM");
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  for (let i = 0; i < workers; i++) fork();
  logger.info({ event: "primary_started", workers }, `started ${workers} gateway workers`);
}
