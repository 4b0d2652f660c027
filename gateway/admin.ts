// The admin listener, apart from client traffic: /healthz (the process answers), /readyz
// (a configuration is loaded, the database is reachable and the gateway is not stopping;
// otherwise 503 with the reason) and Prometheus /metrics. With GATEWAY_WORKERS the primary
// serves it for all its workers (cluster.ts).
import { createServer, type Server } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { ConfigStore } from "./config/store";
import { listen } from "./listen";
import type { UsageTotals } from "./usage/recorder";

export interface AdminSources {
  store: ConfigStore;
  connections: () => number;
  totals: () => UsageTotals;
  /** Whether the plans' limits are shared through Redis now; absent without REDIS_URL. */
  redisUp?: () => boolean;
  /** Connections still in their handshake, and those closed for the bounds on them (handshake/pending-connections.ts). */
  pending?: () => { size: number; refused: number };
}

export interface GatewayMetrics {
  registry: Registry;
  refusals: Counter<"status" | "error">;
}

export function gatewayMetrics(sources: AdminSources): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({ name: "duplex_gateway_connections", help: "Client connections being relayed now.", registers: [registry], collect() { this.set(sources.connections()); } });
  // Counters read at scrape time from the relays' own counts: nothing is done per message.
  const fromTotals = (name: string, help: string, read: (t: UsageTotals) => [string, number][]) =>
    new Counter({
      name,
      help,
      labelNames: ["direction"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [direction, value] of read(sources.totals())) (direction ? this.labels(direction) : this).inc(value);
      },
    });
  fromTotals("duplex_gateway_connections_closed_total", "Relayed connections that have ended.", (t) => [["", t.connections]]);
  fromTotals("duplex_gateway_messages_total", "Messages relayed; in: client to backend, out: backend to client.", (t) => [["in", t.messagesIn], ["out", t.messagesOut]]);
  fromTotals("duplex_gateway_bytes_total", "Message bytes relayed.", (t) => [["in", t.bytesIn], ["out", t.bytesOut]]);
  fromTotals("duplex_gateway_throttled_total", "Messages dropped or connections closed over a plan's event limit.", (t) => [["", t.throttled]]);
  fromTotals("duplex_gateway_connection_errors_total", "Connections that ended with an error.", (t) => [["", t.errors]]);
  if (sources.redisUp) {
    const up = sources.redisUp;
    new Gauge({
      name: "duplex_gateway_redis_up",
      help: "1 while the plans' limits are shared through Redis; 0 while Redis is unreachable and this gateway counts them alone.",
      registers: [registry],
      collect() {
        this.set(up() ? 1 : 0);
      },
    });
  }
  if (sources.pending) {
    const pending = sources.pending;
    new Gauge({ name: "duplex_gateway_pending_connections", help: "Connections accepted whose handshake (TLS, request head) is not done yet.", registers: [registry], collect() { this.set(pending().size); } });
    new Counter({
      name: "duplex_gateway_pending_refused_total",
      help: "Connections closed at once because the bound on connections still in their handshake, in all or from one address, was reached.",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(pending().refused);
      },
    });
  }
  const refusals = new Counter({ name: "duplex_gateway_refusals_total", help: "Refused handshakes.", labelNames: ["status", "error"] as const, registers: [registry] });
  return { registry, refusals };
}

export interface Readiness {
  ready: boolean;
  /** Why not, when not ready. */
  reason?: string;
}

/** Not ready because the gateway (or, in a cluster, its primary) is stopping. */
export const shuttingDown: Readiness = { ready: false, reason: "The gateway is shutting down." };

export function readiness(store: ConfigStore, stopping: boolean): Readiness {
  if (stopping) return shuttingDown;
  if (!store.current) return { ready: false, reason: "No configuration has been loaded yet." };
  if (!store.databaseReachable) return { ready: false, reason: "The database is unreachable; serving the configuration last loaded." };
  return { ready: true };
}

/** What the admin listener answers from: one gateway process's own state, or a cluster's (cluster.ts). */
export interface AdminSource {
  readiness(): Promise<Readiness>;
  /** The Prometheus exposition text. */
  metrics(): Promise<string>;
  metricsContentType: string;
}

export async function startAdmin(port: number, host: string, source: AdminSource): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    const json = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    if (path === "/healthz") return json(200, { status: "ok" });
    if (path === "/readyz") {
      source.readiness().then(
        (r) => json(r.ready ? 200 : 503, r.ready ? { status: "ready" } : { status: "not_ready", reason: r.reason }),
        (e: Error) => json(503, { status: "not_ready", reason: e.message }),
      );
      return;
    }
    if (path === "/metrics") {
      source.metrics().then(
        (text) => res.writeHead(200, { "Content-Type": source.metricsContentType }).end(text),
        (e: Error) => json(500, { error: e.message }),
      );
      return;
    }
    json(404, { error: "not_found" });
  });
  await listen(server, port, host);
  return server;
}
