// `npm run soak`: many connections through the gateway to the echo backend for minutes, each
// sending sequence-numbered messages, every one of which must come back once, in order and
// unchanged; the gateway's memory and event-loop delay sampled through the run. Settings:
// SOAK_CONNECTIONS (default 5,000), SOAK_SECONDS (300), SOAK_INTERVAL_MS between one
// connection's messages (1,000), SOAK_WORKERS (GATEWAY_WORKERS, 1), SOAK_TLS=1 for wss.
// `soak.integration.test.ts` runs a 20-second one in `npm test`.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { tlsCredentials } from "../gateway/tls";
import { startGatewayProcess } from "../gateway/testing/process";
import { freePort } from "../scripts/scratch-db";
import { servedApi } from "./served-api";
import { benchDatabase, rssBytes, startEchoBackend } from "./stack";

export interface SoakOptions {
  connections: number;
  seconds: number;
  intervalMs: number;
  workers: number;
  tls: boolean;
  /** A database to use; unset: a scratch one, dropped afterwards. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface SoakReport {
  connections: number;
  /** Connections still open at the end (every one was open from the start). */
  held: number;
  sent: number;
  relayed: number;
  lost: number;
  duplicated: number;
  reordered: number;
  corrupted: number;
  roundTripP99Ms: number;
  gatewayRssStartMb: number;
  gatewayRssEndMb: number;
  gatewayRssMaxMb: number;
  eventLoopDelayP99MaxMs: number;
}

/** One connection's bookkeeping: what it sent, and what came back in which order. */
class Stream {
  next = 0;
  expected = 0;
  readonly missing = new Set<number>();
  readonly sentAt = new Map<number, number>();
  lost = 0;
  duplicated = 0;
  reordered = 0;
  corrupted = 0;
  relayed = 0;

  constructor(readonly id: number) {}

  message(): string {
    const seq = this.next++;
    this.sentAt.set(seq, performance.now());
    // The sequence number and a payload that depends on it, to tell a changed message.
    return `${this.id}:${seq}:${"x".repeat(seq % 50)}`;
  }

  received(text: string, roundTrips: number[]): void {
    const [id, seqText, pad] = text.split(":");
    const seq = Number(seqText);
    if (Number(id) !== this.id || !Number.isInteger(seq) || pad !== "x".repeat(seq % 50)) return void this.corrupted++;
    const sent = this.sentAt.get(seq);
    if (sent === undefined) return void this.duplicated++;
    this.sentAt.delete(seq);
    roundTrips.push(performance.now() - sent);
    this.relayed++;
    if (seq === this.expected) this.expected++;
    else if (seq > this.expected) {
      for (let s = this.expected; s < seq; s++) this.missing.add(s);
      this.expected = seq + 1;
    } else if (this.missing.delete(seq)) this.reordered++;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const cleanups: (() => Promise<unknown> | void)[] = [];
  try {
    const databaseUrl = await benchDatabase(o.databaseUrl, "soak", cleanups);
    const backendPort = await freePort();
    const backend = await startEchoBackend(backendPort);
    cleanups.push(() => backend.stop());
    const served = await servedApi(`ws://127.0.0.1:${backendPort}`);
    const { db } = await import("../lib/db");
    cleanups.push(() => db.$disconnect());

    const env: Record<string, string> = { DATABASE_URL: databaseUrl, GATEWAY_WORKERS: String(o.workers), LOG_LEVEL: "warn" };
    let ca: string | undefined;
    if (o.tls) {
      const tls = await tlsCredentials({ dir: join(mkdtempSync(join(tmpdir(), "duplex-soak-")), "tls") });
      const dir = mkdtempSync(join(tmpdir(), "duplex-soak-pem-"));
      writeFileSync(join(dir, "cert.pem"), tls.cert);
      writeFileSync(join(dir, "key.pem"), tls.key, { mode: 0o600 });
      Object.assign(env, { GATEWAY_TLS_PORT: "0", GATEWAY_TLS_CERT: join(dir, "cert.pem"), GATEWAY_TLS_KEY: join(dir, "key.pem") });
      ca = tls.cert;
    }
    // warn hides the per-connection lines; the start-up lines the soak reads are info: asked for by event.
    const gateway = startGatewayProcess({ ...env, LOG_LEVEL: "info" });
    cleanups.push(() => {
      if (gateway.child.exitCode === null) gateway.child.kill("SIGKILL");
    });
    const readyPids = new Set<number>();
    await gateway.line((l) => (l.event === "ready" && readyPids.add(l.pid), readyPids.size === o.workers));
    const listening = gateway.lines.find((l) => l.event === "listening") as unknown as { port: number; tlsPort?: number; adminPort?: number };
    const adminPort = o.workers > 1 ? ((await gateway.line((l) => l.event === "admin_listening")) as unknown as { adminPort: number }).adminPort : listening.adminPort!;
    const pids = [gateway.child.pid!, ...(o.workers > 1 ? readyPids : [])];
    const gatewayRss = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
    const url = o.tls ? `wss://127.0.0.1:${listening.tlsPort}${served.path}` : `ws://127.0.0.1:${listening.port}${served.path}`;

    // Open every connection, a hundred at a time.
    const streams: Stream[] = [];
    const sockets: WebSocket[] = [];
    const roundTrips: number[] = [];
    for (let i = 0; i < o.connections; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, o.connections - i) }, async (_, k) => {
          const stream = new Stream(i + k);
          const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${served.token}` }, ca, perMessageDeflate: false });
          await new Promise<void>((resolve, reject) => {
            ws.once("open", () => resolve());
            ws.once("error", reject);
          });
          ws.on("message", (data) => stream.received(data.toString(), roundTrips));
          ws.on("error", () => {});
          streams.push(stream);
          sockets.push(ws);
        }),
      );
    }
    log(`soak: ${o.connections} connections open to ${url}; sending for ${o.seconds} s, one message per connection every ${o.intervalMs} ms`);

    // A first read resets prom-client's event-loop histogram: start-up and the opening of the connections are not the run's.
    await fetch(`http://127.0.0.1:${adminPort}/metrics`).then((r) => r.text());
    const rssStart = gatewayRss();
    let rssMax = rssStart;
    let lagMax = 0;
    const sample = async () => {
      rssMax = Math.max(rssMax, gatewayRss());
      const metrics = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
      const lag = /^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(metrics);
      if (lag) lagMax = Math.max(lagMax, Number(lag[1]) * 1000);
      if (process.env.SOAK_VERBOSE) log(`sample: rss ${mb(gatewayRss())} MB, event-loop p99 ${lag ? Math.round(Number(lag[1]) * 1000) : "?"} ms, relayed ${streams.reduce((n, s) => n + s.relayed, 0)}`);
    };
    // Each connection sends on its own clock, spread over the interval so the load is even.
    const timers = sockets.map((ws, i) =>
      setTimeout(() => {
        const tick = () => ws.readyState === WebSocket.OPEN && ws.send(streams[i].message());
        tick();
        timers[i] = setInterval(tick, o.intervalMs);
      }, Math.floor((i / sockets.length) * o.intervalMs)),
    ) as NodeJS.Timeout[];
    const sampler = setInterval(() => void sample().catch(() => {}), 1000);
    const endAt = Date.now() + o.seconds * 1000;
    while (Date.now() < endAt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, endAt - Date.now())));
    for (const t of timers) clearInterval(t);
    clearInterval(sampler);
    await sample();

    // What is still on its way gets 5 s to come back; what has not by then is lost.
    const outstanding = () => streams.reduce((n, s) => n + s.sentAt.size, 0);
    const drainUntil = Date.now() + 5000;
    while (outstanding() > 0 && Date.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
    const held = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
    const rssEnd = gatewayRss();
    for (const ws of sockets) ws.terminate();

    const sum = (f: (s: Stream) => number) => streams.reduce((n, s) => n + f(s), 0);
    return {
      connections: o.connections,
      held,
      sent: sum((s) => s.next),
      relayed: sum((s) => s.relayed),
      lost: sum((s) => s.missing.size + s.sentAt.size),
      duplicated: sum((s) => s.duplicated),
      reordered: sum((s) => s.reordered),
      corrupted: sum((s) => s.corrupted),
      roundTripP99Ms: Math.round(percentile(roundTrips, 99) * 100) / 100,
      gatewayRssStartMb: mb(rssStart),
      gatewayRssEndMb: mb(rssEnd),
      gatewayRssMaxMb: mb(rssMax),
      eventLoopDelayP99MaxMs: Math.round(lagMax * 100) / 100,
    };
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const options: SoakOptions = {
    connections: num("SOAK_CONNECTIONS", 5000),
    seconds: num("SOAK_SECONDS", 300),
    intervalMs: num("SOAK_INTERVAL_MS", 1000),
    workers: num("SOAK_WORKERS", 1),
    tls: process.env.SOAK_TLS === "1",
    log: (line) => console.log(line),
  };
  const report = await runSoak(options);
  console.log(JSON.stringify(report, null, 2));
  const clean = report.lost === 0 && report.duplicated === 0 && report.reordered === 0 && report.corrupted === 0 && report.held === report.connections;
  console.log(clean ? "soak: every message came back once, in order, unchanged" : "soak: FAILED");
  process.exit(clean ? 0 : 1);
}
