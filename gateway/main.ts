// The gateway process: `node --import tsx gateway/main.ts`. Configuration comes from the
// environment (lib/config.ts); logs are JSON lines on stdout.
import { config } from "../lib/config";
import { db } from "../lib/db";
import { logger as rootLogger } from "../lib/logger";
import { startGateway } from "./server";

let settings;
try {
  settings = config();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const logger = rootLogger.child({ service: "gateway" });

// Handlers first: a signal during start-up still stops cleanly once the server is up.
const started = startGateway({
  host: settings.GATEWAY_HOST,
  port: settings.GATEWAY_PORT,
  adminPort: settings.GATEWAY_ADMIN_PORT,
  logger,
  databaseUrl: settings.DATABASE_URL,
});
let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  const gateway = await started.catch(() => process.exit(1));
  logger.info({ event: "stopping", signal, connections: gateway.connections }, `${signal}: closing connections`);
  await gateway.close();
  await db.$disconnect();
  logger.info({ event: "stopped" }, "gateway stopped");
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

try {
  const gateway = await started;
  logger.info({ event: "listening", host: settings.GATEWAY_HOST, port: gateway.port }, `gateway listening on ${settings.GATEWAY_HOST}:${gateway.port}`);
  void gateway.ready.then(() => logger.info({ event: "ready", apis: gateway.store.current?.routes.size }, "configuration loaded"));
} catch (e) {
  logger.fatal({ event: "start_failed", err: (e as Error).message }, `the gateway could not start: ${(e as Error).message}`);
  process.exit(1);
}
