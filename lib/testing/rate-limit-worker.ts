// One process of the rate limiter's two-process test (lib/rate-limit.integration.test.ts): its
// own store with its own connections, told by the test over IPC when to hit and how often.
import { Redis } from "ioredis";
import { PostgresRateLimitStore, RedisRateLimitStore, type RateLimit, type RateLimitStore } from "../rate-limit";
import { db } from "../db";

interface Go {
  bucket: string;
  limit: RateLimit;
  hits: number;
}

const backend = process.argv[2];
const redis = backend === "redis" ? new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : undefined;
const store: RateLimitStore = redis ? new RedisRateLimitStore(redis) : new PostgresRateLimitStore();

async function main() {
  // Connect before saying ready, so both processes start hitting on an open connection.
  if (redis) await redis.ping();
  else await db.$queryRaw`SELECT 1`;
  process.send!({ ready: true });
  process.once("message", async ({ bucket, limit, hits }: Go) => {
    const results = await Promise.all(Array.from({ length: hits }, () => store.hit(bucket, limit)));
    process.send!({ allowed: results.filter((r) => r.allowed).length, pid: process.pid }, () => {
      redis?.disconnect();
      void db.$disconnect().then(() => process.exit(0));
    });
  });
}

void main();
