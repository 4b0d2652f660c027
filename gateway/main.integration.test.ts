// The gateway process as an operator runs it: SIGTERM with clients connected, and
// GATEWAY_WORKERS processes sharing one port.
import { connect } from "node:net";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import WebSocket from "ws";
import { db } from "../lib/db";
import { gatewayPath } from "../lib/gateway-urls";
import { publishedApi, subscribedClient } from "../lib/testing/fixtures";
import { closed, openOk, recordingBackend, roundTrip, type RecordingBackend } from "./testing/harness";
import { startGatewayProcess, type GatewayProcess } from "./testing/process";
import { tlsCredentials } from "./tls";

let backend: RecordingBackend;
const started: GatewayProcess[] = [];

beforeAll(async () => {
  backend = await recordingBackend();
});

afterEach(() => {
  for (const p of started.splice(0)) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

afterAll(async () => {
  await backend?.close();
});

async function servedClient() {
  const { api } = await publishedApi(backend.url);
  const client = await subscribedClient(api.id);
  return { api, path: gatewayPath(api), ...client };
}

function run(env: Record<string, string | undefined> = {}) {
  const p = startGatewayProcess(env);
  started.push(p);
  // What the process said is the only account of what went wrong in it.
  onTestFailed(() => console.error([...p.other, ...p.lines.map((l) => JSON.stringify(l))].join("\n")));
  return p;
}

/** Resolves with the connection error's code: a port where nothing accepts gives ECONNREFUSED. */
function connectError(port: number, host = "127.0.0.1"): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code));
  });
}

/** The TCP connections (not listeners) on `port` whose socket `pid` holds: what it would leak in CLOSE-WAIT. */
function connectionsHeld(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith("socket:[")) inodes.add(link.slice(8, -1));
    } catch {
      // Closed as it was read.
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"]
    .flatMap((f) => readFileSync(f, "utf8").trim().split("\n").slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state, , , , , , inode]) => local.endsWith(`:${hexPort}`) && state !== "0A" && inodes.has(inode)).length;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Each test starts node processes that compile TypeScript as they load: slow on a busy machine.
describe("the gateway process", { timeout: 90_000 }, () => {
  it("on SIGTERM refuses new connections, closes clients with 1001, writes their usage and exits 0", async () => {
    const served = await servedClient();
    const gateway = run({ GATEWAY_SHUTDOWN_GRACE_MS: "3000" });
    const { port, adminPort } = (await gateway.line((l) => l.event === "listening")) as unknown as { port: number; adminPort: number };
    await gateway.line((l) => l.event === "ready");
    const url = `ws://127.0.0.1:${port}${served.path}`;
    const clients = [await openOk(url, { token: served.token }), await openOk(url, { token: served.token })];
    for (const ws of clients) expect((await roundTrip(ws, "before")).data.toString()).toBe("before");
    // A client that stops reading never answers the close: it holds the gateway in its grace period.
    const stubborn = await openOk(url, { token: served.token });
    stubborn.on("error", () => {});
    stubborn.pause();
    const closes = clients.map(closed);

    gateway.child.kill("SIGTERM");
    await gateway.line((l) => l.event === "stopping");
    expect(await connectError(port)).toBe("ECONNREFUSED");
    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: "not_ready", reason: "The gateway is shutting down." }]);
    expect(gateway.child.exitCode).toBeNull();

    for (const c of await Promise.all(closes)) expect(c).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(await gateway.exited).toBe(0);
    const rows = await db.usageCounter.findMany({ where: { apiId: served.api.id, applicationId: served.app.id } });
    expect(rows.reduce((n, r) => n + r.connections, 0)).toBe(3);
    expect(rows.reduce((n, r) => n + Number(r.messagesIn), 0)).toBe(2);
    stubborn.terminate();
  });

  // 127.0.0.2 stands for the machine's other addresses: a listener on 127.0.0.1 does not accept
  // there, one on 0.0.0.0 does (Linux routes all of 127/8 to the loopback interface).
  it("serves clients on GATEWAY_HOST but /metrics, /healthz and /readyz only on 127.0.0.1, unless GATEWAY_ADMIN_HOST says otherwise", async () => {
    const gateway = run({ GATEWAY_HOST: "0.0.0.0" });
    const { port, adminPort, adminHost } = (await gateway.line((l) => l.event === "listening")) as unknown as { port: number; adminPort: number; adminHost: string };
    expect(adminHost).toBe("127.0.0.1");
    expect(await connectError(port, "127.0.0.2")).toBeUndefined();
    expect(await connectError(adminPort, "127.0.0.2")).toBe("ECONNREFUSED");
    expect((await fetch(`http://127.0.0.1:${adminPort}/healthz`)).status).toBe(200);
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);

    const told = run({ GATEWAY_HOST: "0.0.0.0", GATEWAY_ADMIN_HOST: "0.0.0.0" });
    const listening = (await told.line((l) => l.event === "listening")) as unknown as { adminPort: number };
    expect((await fetch(`http://127.0.0.2:${listening.adminPort}/healthz`)).status).toBe(200);
  });

  it("with GATEWAY_WORKERS=2, a connection handed to a worker that dies before taking it is served by the other, and the primary keeps no descriptor of it", async () => {
    const served = await servedClient();
    const gateway = run({ GATEWAY_WORKERS: "2" });
    const ready = new Set<number>();
    await gateway.line((l) => (l.event === "ready" && ready.add(l.pid), ready.size === 2));
    const { pid: primary } = (await gateway.line((l) => l.event === "admin_listening")) as unknown as { pid: number };
    const { port } = gateway.lines.find((l) => l.event === "listening") as unknown as { port: number };
    const url = `ws://127.0.0.1:${port}${served.path}`;
    const [frozen] = [...ready];

    // A stopped worker takes nothing: of two connections in turn, one waits for it.
    process.kill(frozen, "SIGSTOP");
    const clients = [openOk(url, { token: served.token }), openOk(url, { token: served.token })];
    await Promise.race(clients);
    process.kill(frozen, "SIGKILL");
    await gateway.line((l) => l.event === "connection_handed_again");
    for (const ws of await Promise.all(clients)) {
      expect((await roundTrip(ws, "still here")).data.toString()).toBe("still here");
      ws.close();
      await closed(ws);
    }
    await until(() => connectionsHeld(primary, port) === 0);
    expect(connectionsHeld(primary, port)).toBe(0);
  });

  it("with GATEWAY_WORKERS=2 spreads connections over two processes on one port, replaces a worker that dies (later when workers keep dying), serves /metrics and /readyz for all, and stops them all on SIGTERM", async () => {
    const served = await servedClient();
    const tls = await tlsCredentials({ dir: join(mkdtempSync(join(tmpdir(), "duplex-tls-")), "tls") });
    const certDir = mkdtempSync(join(tmpdir(), "duplex-pem-"));
    writeFileSync(join(certDir, "cert.pem"), tls.cert);
    writeFileSync(join(certDir, "key.pem"), tls.key, { mode: 0o600 });
    const gateway = run({
      GATEWAY_WORKERS: "2",
      GATEWAY_TLS_PORT: "0",
      GATEWAY_TLS_CERT: join(certDir, "cert.pem"),
      GATEWAY_TLS_KEY: join(certDir, "key.pem"),
    });
    const workers = new Set<number>();
    const readyWorkers = new Set<number>();
    await gateway.line((l) => {
      if (l.event === "ready") readyWorkers.add(l.pid);
      return readyWorkers.size === 2;
    });
    const listening = gateway.lines.filter((l) => l.event === "listening");
    for (const l of listening) workers.add(l.pid);
    expect(workers.size).toBe(2);
    expect(new Set(listening.map((l) => l.port)).size).toBe(1);
    const { port, tlsPort } = listening[0] as unknown as { port: number; tlsPort: number };
    // The admin listener is the primary's, and speaks for both workers.
    const { adminPort, pid: primary } = (await gateway.line((l) => l.event === "admin_listening")) as unknown as { adminPort: number; pid: number };
    expect(workers.has(primary)).toBe(false);
    const admin = (path: string) => fetch(`http://127.0.0.1:${adminPort}${path}`);
    expect(await connectError(adminPort, "127.0.0.2")).toBe("ECONNREFUSED");
    expect(await (await admin("/healthz")).json()).toEqual({ status: "ok" });
    const readyz = await admin("/readyz");
    expect([readyz.status, await readyz.json()]).toEqual([200, { status: "ready" }]);
    const url = `ws://127.0.0.1:${port}${served.path}`;

    for (let i = 0; i < 4; i++) {
      const ws = await openOk(url, { token: served.token });
      expect((await roundTrip(ws, `n${i}`)).data.toString()).toBe(`n${i}`);
      ws.close();
      await closed(ws);
    }
    const ended = () => gateway.lines.filter((l) => l.event === "connection");
    await gateway.line(() => ended().length === 4);
    expect(new Set(ended().map((l) => l.pid))).toEqual(workers);
    // The four were spread over both workers: /metrics sums their counts.
    const metrics = await (await admin("/metrics")).text();
    expect(metrics).toMatch(/^duplex_gateway_connections_closed_total 4$/m);
    expect(metrics).toMatch(/^duplex_gateway_messages_total\{direction="in"\} 4$/m);

    // wss on the shared TLS port too.
    const wss = new WebSocket(`wss://127.0.0.1:${tlsPort}${served.path}`, { headers: { Authorization: `Bearer ${served.token}` }, ca: tls.cert });
    await once(wss, "open");
    expect((await roundTrip(wss, "tls")).data.toString()).toBe("tls");
    wss.close();

    // A worker that dies is replaced at once; its replacement, dying young too, after 500 ms.
    const [victim, survivor] = [...workers];
    const replace = async (worker: number, restartInMs: number) => {
      process.kill(worker, "SIGKILL");
      expect(await gateway.line((l) => l.event === "worker_exited" && l.worker === worker)).toMatchObject({ signal: "SIGKILL", restartInMs });
      // While it waits to be replaced the other worker serves every connection: still ready.
      if (restartInMs > 0) expect(await (await admin("/readyz")).json()).toEqual({ status: "ready" });
      const started = (await gateway.line((l) => l.event === "worker_started" && l.replaces === worker)).worker as number;
      await gateway.line((l) => l.event === "ready" && l.pid === started);
      return started;
    };
    const first = await replace(victim, 0);
    const replacement = await replace(first, 500);
    expect((await admin("/readyz")).status).toBe(200);
    const again = await openOk(url, { token: served.token });
    expect((await roundTrip(again, "after")).data.toString()).toBe("after");
    const againClosed = closed(again);

    gateway.child.kill("SIGTERM");
    expect(await againClosed).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(await gateway.exited).toBe(0);
    expect([survivor, first, replacement].filter(isRunning)).toEqual([]);
  });
});
