// The gateway process: `node --import tsx gateway/main.ts`. Configuration comes from the
// environment (lib/config.ts); logs are JSON lines on stdout. With GATEWAY_WORKERS=n above 1
// this process is the primary of n gateway processes sharing its ports (gateway/cluster.ts).
import cluster from "node:cluster";
import { config, type Config } from "../lib/config";
import { db } from "../lib/db";
import { logger as rootLogger } from "../lib/logger";
import { answerPrimary, runPrimary } from "./cluster";
import { takeConnections } from "./cluster-connections";
import { startGateway } from "./server";
import { tlsCredentials } from "./tls";

let settings: Config;
try {
  settings = config();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const logger = rootLogger.child({ service: "gateway" });
const tlsFiles = { certFile: settings.GATEWAY_TLS_CERT, keyFile: settings.GATEWAY_TLS_KEY };

if (settings.GATEWAY_WORKERS > 1 && cluster.isPrimary) {
  // Made once here, before the workers read it: n workers must not make n certificates.
  try {
    if (settings.GATEWAY_TLS_PORT !== undefined) await tlsCredentials(tlsFiles);
    await runPrimary(settings.GATEWAY_WORKERS, logger, {
      admin: { port: settings.GATEWAY_ADMIN_PORT, host: settings.GATEWAY_ADMIN_HOST },
      clients: { host: settings.GATEWAY_HOST, port: settings.GATEWAY_PORT, tlsPort: settings.GATEWAY_TLS_PORT },
    });
  } catch (e) {
    logger.fatal({ event: "start_failed", err: (e as Error).message }, `the gateway could not start: ${(e as Error).message}`);
    process.exit(1);
  }
} else {
  await runGateway();
}

async function runGateway() {
  // Handlers first: a signal during start-up still stops cleanly once the server is up.
  const started = (async () =>
    startGateway({
      host: settings.GATEWAY_HOST,
      port: settings.GATEWAY_PORT,
      // A cluster's admin listener is its primary's (cluster.ts), and so are its client listeners: it hands connections over.
      adminPort: cluster.isWorker ? undefined : settings.GATEWAY_ADMIN_PORT,
      handed: cluster.isWorker,
      adminHost: settings.GATEWAY_ADMIN_HOST,
      logger,
      databaseUrl: settings.DATABASE_URL,
      shutdownGraceMs: settings.GATEWAY_SHUTDOWN_GRACE_MS,
      tls: settings.GATEWAY_TLS_PORT === undefined ? undefined : { port: settings.GATEWAY_TLS_PORT, ...(await tlsCredentials(tlsFiles)) },
    }))();
  let stopping = false;
  async function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    const gateway = await started.catch(() => process.exit(1));
    // close() stops accepting before it returns: once this line is out, new connections are refused.
    const closing = gateway.close();
    logger.info({ event: "stopping", signal, connections: gateway.connections }, `${signal}: closing connections`);
    await closing;
    await db.$disconnect();
    logger.info({ event: "stopped" }, "gateway stopped");
    process.exit(0);
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  try {
    const gateway = await started;
    if (cluster.isWorker) {
      answerPrimary(gateway);
      takeConnections((socket, kind) => gateway.adopt(socket, kind));
    }
    const where = { host: settings.GATEWAY_HOST, port: gateway.port, tlsPort: gateway.tlsPort, ...(gateway.adminPort === undefined ? {} : { adminHost: settings.GATEWAY_ADMIN_HOST, adminPort: gateway.adminPort }) };
    logger.info(
      { event: "listening", ...where },
      `gateway listening on ${settings.GATEWAY_HOST}:${gateway.port}${gateway.tlsPort === undefined ? "" : ` (wss: ${gateway.tlsPort})`}`,
    );
    void gateway.ready.then(() => logger.info({ event: "ready", apis: gateway.store.current?.routes.size }, "configuration loaded"));
  } catch (e) {
    logger.fatal({ event: "start_failed", err: (e as Error).message }, `the gateway could not start: ${(e as Error).message}`);
    process.exit(1);
  }
}
