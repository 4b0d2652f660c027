// GATEWAY_WORKERS=n: this process forks n gateway processes (gateway/main.ts again, as
// node:cluster workers); the primary listens on the gateway's ports and hands each new
// connection to the next worker in turn (gateway/cluster-connections.ts, not node:cluster's
// own round robin, which loses a connection to a worker that dies taking it). A worker that dies unexpectedly is replaced (after a delay when workers
// keep dying: restartDelayMs); SIGTERM or SIGINT is passed to every worker, and the primary
// exits once they all have.
//
// The admin listener is the primary's alone, so that one scrape sees the whole gateway:
// /metrics sums the workers' metrics (prom-client's AggregatorRegistry asks each over IPC)
// and /readyz is ready only when every worker given connections is.
import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { AggregatorRegistry, type Registry } from "prom-client";
import { shuttingDown, startAdmin, type Readiness } from "./admin";
import { ConnectionHandOver } from "./cluster-connections";

const readinessRequest = "duplex:readiness";
/** How long the primary waits for a worker's readiness before calling it not ready. */
const readinessTimeoutMs = 2000;

interface ReadinessMessage {
  type: typeof readinessRequest;
  id: number;
  readiness?: Readiness;
}

function isReadinessMessage(m: unknown): m is ReadinessMessage {
  return typeof m === "object" && m !== null && (m as ReadinessMessage).type === readinessRequest;
}

/** In a worker: answers the primary's readiness and metrics requests from this gateway's own. */
export function answerPrimary(gateway: { readiness(): Readiness; metrics: Registry }): void {
  AggregatorRegistry.setRegistries([gateway.metrics]);
  // Constructing one is what makes prom-client answer the primary's requests in a worker.
  new AggregatorRegistry();
  process.on("message", (m) => {
    if (isReadinessMessage(m)) process.send?.({ type: readinessRequest, id: m.id, readiness: gateway.readiness() } satisfies ReadinessMessage);
  });
}

// A worker that dies soon after it started is replaced after a delay that doubles with each
// such death in a row, so that one that keeps dying (on some request, out of memory) does not
// turn the primary into a fork loop; the first is replaced at once.
const stableMs = 30_000;
const maxRestartDelayMs = 10_000;

/** The delay before replacing a worker, after `quickDeaths` in a row that lived under 30 s. */
export function restartDelayMs(quickDeaths: number): number {
  return quickDeaths < 2 ? 0 : Math.min(maxRestartDelayMs, 500 * 2 ** (quickDeaths - 2));
}

let nextRequest = 0;

function askReadiness(worker: Worker): Promise<Readiness> {
  const id = nextRequest++;
  const silent = { ready: false, reason: `Worker ${worker.process.pid} did not answer.` };
  return new Promise((resolve) => {
    const done = (r: Readiness) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      resolve(r);
    };
    const onMessage = (m: unknown) => {
      if (isReadinessMessage(m) && m.id === id && m.readiness) done(m.readiness);
    };
    const timer = setTimeout(() => done(silent), readinessTimeoutMs);
    worker.on("message", onMessage);
    if (!worker.isConnected()) return done(silent);
    worker.send({ type: readinessRequest, id } satisfies ReadinessMessage);
  });
}

/** Forks the workers, accepts their clients' connections and hands them over, and serves the admin listener on `admin` for all of them. */
export async function runPrimary(
  workers: number,
  logger: Logger,
  listeners: { admin: { port: number; host: string }; clients: { host: string; port: number; tlsPort: number | undefined } },
): Promise<void> {
  const { admin, clients } = listeners;
  let stopping = false;
  let failed = false;
  const handOver = new ConnectionHandOver(logger);
  // Bound before the workers start, who are told the ports (0 in a setting picks one here).
  const bound = await handOver.listen(clients.host, clients.port, clients.tlsPort);
  const workerEnv = { GATEWAY_PORT: String(bound.port), ...(bound.tlsPort === undefined ? {} : { GATEWAY_TLS_PORT: String(bound.tlsPort) }) };
  // Ours, not cluster.workers: a worker leaves that only once its IPC channel has closed too.
  const live = new Set<Worker>();

  const startedAt = new WeakMap<Worker, number>();
  // Workers in a row that died within stableMs of starting, and the replacements waiting.
  let quickDeaths = 0;
  const restarts = new Set<NodeJS.Timeout>();

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    live.add(worker);
    startedAt.set(worker, Date.now());
    handOver.watch(worker);
    return worker;
  };

  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    const served = handOver.serves(worker);
    handOver.lost(worker);
    const exit = { event: "worker_exited", worker: worker.process.pid, code, signal };
    if (stopping) {
      logger.info(exit, `worker ${worker.process.pid} stopped`);
      if (code !== 0) failed = true;
    } else if (!served) {
      // It never served: a restart would fail the same way (a port in use, a bad certificate).
      logger.fatal(exit, `worker ${worker.process.pid} could not start (${signal ?? `exit code ${code}`}): stopping the gateway`);
      failed = true;
      stop("SIGTERM");
    } else {
      quickDeaths = Date.now() - (startedAt.get(worker) ?? 0) < stableMs ? quickDeaths + 1 : 0;
      const restartInMs = restartDelayMs(quickDeaths);
      logger.warn({ ...exit, restartInMs }, `worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); replacing it${restartInMs ? ` in ${restartInMs} ms` : ""}`);
      const restart = setTimeout(() => {
        restarts.delete(restart);
        const replacement = fork();
        logger.info({ event: "worker_started", worker: replacement.process.pid, replaces: worker.process.pid }, `started worker ${replacement.process.pid}`);
      }, restartInMs);
      restarts.add(restart);
    }
    exitOnceAllStopped();
  });

  function exitOnceAllStopped() {
    if (!stopping || live.size > 0) return;
    logger.info({ event: "stopped" }, "all gateway workers stopped");
    process.exit(failed ? 1 : 0);
  }

  function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    for (const restart of restarts) clearTimeout(restart);
    // New connections are refused from here; those open are the workers' to close.
    void handOver.close();
    logger.info({ event: "stopping", signal }, `${signal}: stopping ${live.size} workers`);
    for (const worker of live) worker.process.kill("SIGTERM");
    // With every worker waiting to be replaced, there is none to wait for.
    exitOnceAllStopped();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  const aggregated = new AggregatorRegistry();
  const clusterReadiness = async (): Promise<Readiness> => {
    if (stopping) return shuttingDown;
    // The primary hands connections only to workers that listen: those must all be ready. One
    // being replaced meanwhile lowers the capacity, not what the others answer.
    const serving = [...live].filter((w) => handOver.serves(w));
    if (serving.length === 0) return { ready: false, reason: `None of the ${workers} workers is serving.` };
    const answers = await Promise.all(serving.map(askReadiness));
    const notReady = answers.findIndex((r) => !r.ready);
    if (notReady === -1) return { ready: true };
    return { ready: false, reason: `Worker ${serving[notReady].process.pid}: ${answers[notReady].reason}` };
  };
  const server = await startAdmin(admin.port, admin.host, {
    readiness: clusterReadiness,
    metrics: () => aggregated.clusterMetrics(),
    metricsContentType: aggregated.contentType,
  });
  const adminPort = (server.address() as AddressInfo).port;
  logger.info({ event: "admin_listening", adminHost: admin.host, adminPort }, `admin listener on ${admin.host}:${adminPort} (/healthz, /readyz, /metrics for all workers)`);

  for (let i = 0; i < workers; i++) fork();
  logger.info({ event: "primary_started", workers }, `started ${workers} gateway workers`);
}
