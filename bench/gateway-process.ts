// The gateway as the bench runs it: its own process (so its CPU time and RSS are its own),
// on loopback, with usage counting and throttling on, logging warnings only. Prints
// {"port": n} once its configuration is loaded; SIGTERM stops it (and writes a --cpu-prof).
import { db } from "../lib/db";
import { logger } from "../lib/logger";
import { startGateway } from "../gateway/server";

const gateway = await startGateway({
  host: "127.0.0.1",
  port: Number(process.env.BENCH_GATEWAY_PORT ?? 0),
  logger: logger.child({ service: "gateway" }),
  redisUrl: "",
  usageFlushMs: 1000,
});
await gateway.ready;
process.stdout.write(`${JSON.stringify({ port: gateway.port })}\n`);

process.once("SIGTERM", async () => {
  await gateway.close();
  await db.$disconnect();
  process.exit(0);
});
