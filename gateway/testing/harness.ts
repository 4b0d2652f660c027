// Helpers for the gateway's integration tests: a gateway on port 0, backends that record what
// reached them, and a client that reports either an open socket or the refusal it got.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { db, type Prisma } from "../../lib/db";
import { compileRuntime, updateApiRuntime, type ApiRuntimeInput } from "../../lib/api-runtime";
import { deployApi } from "../../lib/deployments";
import { endpointConfig } from "../../lib/endpoint-config";
import { gatewayPath } from "../../lib/gateway-urls";
import type { KeyType } from "../../lib/keys";
import { publishedApi, subscribedClient } from "../../lib/testing/fixtures";
import { notifyConfigChanged, type ConfigChange } from "../../lib/notify";
import type { Actor } from "../../lib/roles";
import type { ConfigSnapshot } from "../config/snapshot";
import { subscriptionKey } from "../config/snapshot";
import { startGateway, type Gateway, type GatewayOptions } from "../server";

export async function testGateway(options: Partial<GatewayOptions> = {}): Promise<Gateway & { url: string }> {
  const gateway = await startGateway({ host: "127.0.0.1", port: 0, shutdownGraceMs: 2000, ...options });
  await gateway.ready;
  if (!gateway.store.databaseReachable) await once(gateway.store, "listening");
  return Object.assign(gateway, { url: `ws://127.0.0.1:${gateway.port}` });
}

export interface RecordingBackend {
  url: string;
  /** Every handshake that reached it, in order. */
  requests: IncomingMessage[];
  /** Its side of every connection, in order. */
  sockets: WebSocket[];
  close(): Promise<void>;
}

/** An echo backend that remembers the requests that reached it. */
export async function recordingBackend(
  options: { handleProtocols?: (offered: Set<string>) => string | false; greeting?: string } = {},
): Promise<RecordingBackend> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", handleProtocols: options.handleProtocols });
  const requests: IncomingMessage[] = [];
  const sockets: WebSocket[] = [];
  server.on("connection", (socket, req) => {
    requests.push(req);
    sockets.push(socket);
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
    if (options.greeting) socket.send(options.greeting);
  });
  await once(server, "listening");
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sockets,
    close: () => closeWebSocketServer(server),
  };
}

/** Stands for the object `get()` returns, once there is one: a test file's module-level handle on what its beforeAll starts. */
function startedLater<T extends object>(get: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      const real = get();
      if (!real) throw new Error(`The ${what} is started in beforeAll: use it inside tests and hooks.`);
      const value = Reflect.get(real, prop, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}

/**
 * The set-up most gateway test files share: a gateway and a recording echo backend, started
 * before the file's tests and closed after them. `const { gateway, backend } = gatewayWithBackend();`
 */
export function gatewayWithBackend(options: Partial<GatewayOptions> = {}) {
  let gateway: (Gateway & { url: string }) | undefined;
  let backend: RecordingBackend | undefined;
  beforeAll(async () => {
    gateway = await testGateway(options);
    backend = await recordingBackend();
  });
  afterAll(async () => {
    await gateway?.close();
    await backend?.close();
  });
  return { gateway: startedLater(() => gateway, "test gateway"), backend: startedLater(() => backend, "recording backend") };
}

export function closeWebSocketServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A TCP port where nothing listens. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never answers: a hung backend. */
export async function silentServer(): Promise<{ port: number; server: Server; close(): Promise<void> }> {
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type Outcome =
  | { opened: true; ws: WebSocket }
  | { opened: false; status: number; headers: IncomingHttpHeaders; body: { error: string; message: string } };

/** Opens a client connection; a refused handshake resolves with its status and JSON body. */
export function open(url: string, options: { token?: string; protocols?: string[]; headers?: Record<string, string> } = {}): Promise<Outcome> {
  const headers = { ...options.headers, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
  const ws = new WebSocket(url, options.protocols ?? [], { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ opened: true, ws }));
    ws.once("error", reject);
    ws.once("unexpected-response", (req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        ws.removeListener("error", reject);
        ws.on("error", () => {});
        req.destroy();
        const text = Buffer.concat(chunks).toString();
        try {
          resolve({ opened: false, status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
        } catch {
          reject(new Error(`A refusal without a JSON body: ${res.statusCode} ${text}`));
        }
      });
    });
  });
}

/** Opens, expecting success; fails the test with the refusal otherwise. */
export async function openOk(url: string, options: Parameters<typeof open>[1] = {}): Promise<WebSocket> {
  const outcome = await open(url, options);
  if (!outcome.opened) throw new Error(`Expected the handshake to succeed, got ${outcome.status} ${JSON.stringify(outcome.body)}`);
  return outcome.ws;
}

/** Sends one message and returns the next one received. */
export async function roundTrip(ws: WebSocket, message: string | Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  const reply = once(ws, "message");
  ws.send(message);
  const [data, isBinary] = (await reply) as [Buffer, boolean];
  return { data, isBinary };
}

export async function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) throw new Error("already closed");
  const [code, reason] = (await once(ws, "close")) as [number, Buffer];
  return { code, reason: reason.toString() };
}

/** A change written as the domain writes one: the row and its notification in one transaction. */
export async function changeConfig(change: ConfigChange, write: (tx: typeof db) => Promise<unknown>): Promise<void> {
  await db.$transaction(async (tx) => {
    await write(tx as typeof db);
    await notifyConfigChanged(tx, change);
  });
}

/** Waits until the gateway's snapshot serves the API at `path` and knows the client's key and subscription. */
export function gatewayKnows(
  gateway: Gateway,
  expected: { path?: string; consumerKey?: string; subscription?: { applicationId: string; apiId: string }; token?: string },
  extra: (s: ConfigSnapshot) => boolean = () => true,
): Promise<ConfigSnapshot> {
  return gateway.store.until(
    (s) =>
      (!expected.path || s.routes.has(expected.path)) &&
      (!expected.consumerKey || s.keys.has(expected.consumerKey)) &&
      (!expected.token || s.signingKeyIds.has(decodeProtectedHeader(expected.token).kid ?? "")) &&
      (!expected.subscription || s.subscriptions.has(subscriptionKey(expected.subscription.applicationId, expected.subscription.apiId))) &&
      extra(s),
  );
}

/** A published API on `endpoint` with a subscribed client, once the gateway serves both. */
export async function servedApi(gateway: Gateway & { url: string }, endpoint: string, keyType: KeyType = "PRODUCTION") {
  const { admin, api } = await publishedApi(endpoint);
  const client = await subscribedClient(api.id, keyType);
  const path = gatewayPath(api);
  await gatewayKnows(gateway, { path, consumerKey: client.keys.consumerKey, token: client.token, subscription: { applicationId: client.app.id, apiId: api.id } });
  return { admin, api, path, url: `${gateway.url}${path}`, ...client };
}

/**
 * Deploys the API's working copy to the gateway's environment, as a publisher's Deploy does,
 * and waits until the gateway serves that revision (`served` tells when, by the snapshot).
 */
export async function deploy(gateway: Gateway, api: { id: string }, publisher: Actor, served: (s: ConfigSnapshot) => boolean) {
  const revision = await deployApi(publisher, { apiId: api.id, environments: [gateway.store.environment] });
  await gateway.store.until(served);
  return revision;
}

/** Saves an endpoint's cogwheel settings in the working copy, deploys them, and waits until the gateway uses them. */
export async function setEndpointSettings(gateway: Gateway, served: { admin: Actor; api: { id: string }; path: string }, settings: Record<string, unknown>): Promise<void> {
  const expected = JSON.stringify(endpointConfig(settings));
  await db.endpoint.updateMany({ where: { apiId: served.api.id }, data: { config: settings as Prisma.InputJsonObject } });
  await deploy(gateway, served.api, served.admin, (s) => JSON.stringify(s.routes.get(served.path)?.endpoints.PRODUCTION?.settings) === expected);
}

/** Moves the served client's subscription to a new plan with these limits, once the gateway knows it. */
export async function onPlan(
  gateway: Gateway,
  served: { app: { id: string }; api: { id: string } },
  limits: { eventCount: number | null } & Omit<Prisma.BusinessPlanCreateInput, "name" | "eventCount">,
) {
  const plan = await db.businessPlan.create({ data: { name: `Plan${randomBytes(4).toString("hex")}`, timeUnit: "DAY", ...limits } });
  await changeConfig("subscription", (tx) =>
    tx.subscription.update({ where: { applicationId_apiId: { applicationId: served.app.id, apiId: served.api.id } }, data: { planId: plan.id } }),
  );
  await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(served.app.id, served.api.id))?.plan.id === plan.id);
  return plan;
}

/** A TCP proxy to `target` that a test can cut (every connection dropped, nothing accepted) and restore. */
export async function tcpProxy(targetHost: string, targetPort: number) {
  const sockets = new Set<import("node:net").Socket>();
  let server: Server;
  const listen = async (port: number) => {
    server = createServer((inbound) => {
      const outbound = connect(targetPort, targetHost);
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => {
          sockets.delete(s);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as AddressInfo).port;
  };
  const port = await listen(0);
  return {
    port,
    async cut() {
      const stopped = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await stopped;
    },
    restore: () => listen(port),
  };
}

/** A per-minute count is exact only within one minute: a test that needs one starts it well inside. */
export async function withinOneMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Saves the API's Runtime settings as the Publisher does, and waits for the gateway to load them. */
export async function setRuntime(gateway: Gateway, served: { admin: Actor; api: { id: string }; path: string }, settings: ApiRuntimeInput): Promise<void> {
  const saved = await updateApiRuntime(served.admin, served.api.id, settings);
  // A Set writes as {}: the lists and flags tell one setting from the next.
  const expected = JSON.stringify(compileRuntime(saved));
  await gateway.store.until((s) => JSON.stringify(s.routes.get(served.path)?.runtime) === expected);
}

/** How a handshake went, as a test compares it: "opened" (closed again at once), or the refusal's status and body. */
export async function handshakeResult(url: string, options: Parameters<typeof open>[1] = {}): Promise<"opened" | { status: number; error: string; message: string }> {
  const outcome = await open(url, options);
  if (!outcome.opened) return { status: outcome.status, ...outcome.body };
  outcome.ws.close();
  return "opened";
}
