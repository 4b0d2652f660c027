// The plan's cap on concurrent connections per application and API. Alone, a gateway counts
// in memory. With Redis, the gateways keep one hash per application and API holding each
// gateway's count, and a reservation is one script that sums the live gateways' counts and
// adds one only under the cap: atomic, so two gateways cannot both take the last place.
// Each gateway keeps a short-lived liveness key; a gateway that died without releasing its
// connections stops being counted once that key expires (its field is dropped by the next
// reservation), and a hash nobody refreshes expires. While Redis is unreachable
// (redis-circuit.ts) a gateway counts alone, at once; when Redis is back, the connections it
// admitted meanwhile are added to its count there.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { subscriptionKey, type Plan } from "../config/snapshot";
import type { Identity } from "../handshake/authenticate";
import type { Grant } from "../handshake/authorize";
import { refusal, type Refusal } from "../handshake/refuse";
import { Reserved, stage } from "../handshake/stage";
import { RedisCircuit } from "./redis-circuit";

const hashPrefix = "duplex:connections:";
const livenessPrefix = "duplex:gateway-alive:";

// KEYS[1] the counts hash; ARGV: this gateway, the cap, the liveness key prefix, the hash's TTL (ms).
const reserveScript = `
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  if fields[i] ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. fields[i]) == 0 then
    redis.call('HDEL', KEYS[1], fields[i])
  else
    total = total + tonumber(fields[i + 1])
  end
end
if total >= tonumber(ARGV[2]) then return -1 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return total + 1`;

// KEYS[1] the counts hash; ARGV[1] this gateway.
const releaseScript = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

export interface ConnectionCountsOptions {
  /** How long this gateway counts as alive after its last heartbeat; heartbeats come three times as often. */
  liveMs?: number;
  /** Told when the cap falls back to this gateway's own count: Redis failed, or is known to be down. */
  onRedisError?: (e: Error) => void;
  /** Whether Redis is usable now; one of its own when not given. */
  circuit?: RedisCircuit;
}

const redisDown = new Error("Redis is unreachable: the cap is counted by this gateway alone.");

/** Concurrent connections per application and API: in this process, or across gateways through Redis. */
export class ConnectionCounts {
  /** Every connection this gateway holds, by key. */
  readonly #local = new Map<string, number>();
  /** Of those, the ones counted in Redis (the rest were reserved while Redis failed). */
  readonly #shared = new Map<string, number>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #heartbeat: NodeJS.Timeout | undefined;
  readonly #liveMs: number;
  readonly #circuit: RedisCircuit | undefined;
  readonly #ownCircuit: boolean;
  /** This gateway's name in Redis. */
  readonly gatewayId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

  constructor(
    private readonly redis?: Redis,
    private readonly options: ConnectionCountsOptions = {},
  ) {
    this.#liveMs = options.liveMs ?? 15_000;
    this.#ownCircuit = !options.circuit && !!redis;
    this.#circuit = options.circuit ?? (redis ? new RedisCircuit(redis) : undefined);
    if (redis) {
      this.#beat();
      this.#heartbeat = setInterval(() => this.#beat(), Math.max(1, Math.floor(this.#liveMs / 3)));
      this.#heartbeat.unref();
      this.#circuit!.on("change", (up) => up && this.#rejoin());
    }
  }

  get #hashTtlMs(): number {
    return Math.max(60_000, this.#liveMs * 4);
  }

  /** The Redis key whose existence says this gateway is alive. */
  get livenessKey(): string {
    return `${livenessPrefix}${this.gatewayId}`;
  }

  #beat(): void {
    if (!this.#circuit?.up) return;
    const redis = this.redis!;
    const batch = redis.multi().set(this.livenessKey, "1", "PX", this.#liveMs);
    for (const key of this.#shared.keys()) batch.pexpire(hashPrefix + key, this.#hashTtlMs);
    this.#track(batch.exec()).catch(() => {});
  }

  /** Redis is back: this gateway says it is alive, and counts there what it admitted meanwhile. */
  #rejoin(): void {
    this.#beat();
    const batch = this.redis!.multi();
    const added: [string, number][] = [];
    for (const [key, n] of this.#local) {
      const missing = n - (this.#shared.get(key) ?? 0);
      if (missing <= 0) continue;
      batch.hincrby(hashPrefix + key, this.gatewayId, missing).pexpire(hashPrefix + key, this.#hashTtlMs);
      added.push([key, missing]);
    }
    if (added.length === 0) return;
    this.#track(batch.exec()).then(
      () => {
        for (const [key, missing] of added) this.#bump(this.#shared, key, missing);
      },
      (e: Error) => this.#circuit?.failed(e),
    );
  }

  /** Resolves once what this gateway sent Redis has been answered. */
  async sync(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p)).catch(() => {});
    return p;
  }

  #bump(map: Map<string, number>, key: string, by: number): void {
    const n = (map.get(key) ?? 0) + by;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  }

  /** Counts one more connection, or refuses with 429 when the plan's cap is reached. */
  async reserve(key: string, plan: Plan | undefined): Promise<Refusal | undefined> {
    const cap = plan?.maxConnections;
    if (cap == null) {
      this.#bump(this.#local, key, 1);
      return undefined;
    }
    const full = refusal(429, "too_many_connections", `The ${plan!.name} plan allows ${cap} concurrent connection${cap === 1 ? "" : "s"} per application.`);
    if (this.redis && !this.#circuit!.up) this.options.onRedisError?.(redisDown);
    else if (this.redis) {
      try {
        const total = (await this.#track(this.redis.eval(reserveScript, 1, hashPrefix + key, this.gatewayId, cap, livenessPrefix, this.#hashTtlMs))) as number;
        if (total < 0) return full;
        this.#bump(this.#shared, key, 1);
        this.#bump(this.#local, key, 1);
        return undefined;
      } catch (e) {
        this.#circuit!.failed(e as Error);
        this.options.onRedisError?.(e as Error);
      }
    }
    if ((this.#local.get(key) ?? 0) >= cap) return full;
    this.#bump(this.#local, key, 1);
    return undefined;
  }

  release(key: string): void {
    this.#bump(this.#local, key, -1);
    if (!this.redis || !this.#shared.has(key)) return;
    this.#bump(this.#shared, key, -1);
    this.#track(this.redis.eval(releaseScript, 1, hashPrefix + key, this.gatewayId)).catch((e: Error) => {
      this.#circuit?.failed(e);
      this.options.onRedisError?.(e);
    });
  }

  /** Stops the heartbeat once the releases in flight are written, and says this gateway is gone. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    await Promise.allSettled([...this.#pending]);
    if (this.redis && this.#circuit!.up) await this.redis.del(this.livenessKey).catch(() => {});
    if (this.#ownCircuit) this.#circuit!.close();
  }
}

/**
 * Reserves the connection's place under its plan's cap, and finds the key the plan's limits
 * count under (the application and the API). Every connection is counted, capped or not.
 */
export const connectionCapStage = stage(
  "limitsKey",
  async (h: { identity: Identity; route: { api: { id: string } }; grant: Grant; gateway: { connectionCounts: ConnectionCounts } }) => {
    const key = subscriptionKey(h.identity.applicationId, h.route.api.id);
    const counts = h.gateway.connectionCounts;
    return (await counts.reserve(key, h.grant.subscription?.plan)) ?? new Reserved(key, counts.release.bind(counts, key));
  },
);
