import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { createApi } from "./apis";
import { db } from "./db";
import { defaultEndpointConfig, endpointConfig } from "./endpoint-config";
import { saveEndpoints, testEndpoint } from "./endpoints";
import { changeLifecycle } from "./lifecycle";
import { makeUser, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

let backend: WebSocketServer;
let backendUrl: string;
let lastHeaders: Record<string, string | string[] | undefined> = {};
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  backend = new WebSocketServer({ port: 0 });
  backend.on("connection", (_socket, req) => void (lastHeaders = req.headers));
  await once(backend, "listening");
  backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  // Accepts TCP and never answers the handshake.
  silent = createServer();
  silent.listen(0);
  await once(silent, "listening");
  silentUrl = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  backend.close();
  silent.closeAllConnections();
  silent.close();
});

const config = (overrides: Record<string, unknown> = {}) => ({ ...defaultEndpointConfig, ...overrides });

describe("testEndpoint", () => {
  it("opens a real WebSocket with the configured headers and says how fast it answered", async () => {
    const creator = await makeUser(["CREATOR"]);
    const result = await testEndpoint(creator, { url: backendUrl, config: config({ headers: [{ name: "X-Tenant", value: "acme" }] }) });
    expect(result).toMatchObject({ ok: true, millis: expect.any(Number) });
    expect(result.message).toMatch(/answered the WebSocket handshake in \d+ ms/);
    expect(lastHeaders["x-tenant"]).toBe("acme");
  });

  it("says the connection was refused when nothing listens", async () => {
    const creator = await makeUser(["CREATOR"]);
    const closed = createServer().listen(0);
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    expect(await testEndpoint(creator, { url: `ws://127.0.0.1:${port}`, config: config() })).toEqual({ ok: false, message: "Connection refused: nothing listens at that host and port." });
  });

  it("gives up after the connect timeout when the backend never answers", async () => {
    const creator = await makeUser(["CREATOR"]);
    const result = await testEndpoint(creator, { url: silentUrl, config: config({ connectTimeoutMs: 300 }) });
    expect(result).toEqual({ ok: false, message: "No answer within the connect timeout (300 ms)." });
  });

  it("reports an HTTP answer that is not an upgrade", async () => {
    const creator = await makeUser(["CREATOR"]);
    const http = createServer((_req, res) => res.writeHead(404).end()).listen(0);
    await once(http, "listening");
    const result = await testEndpoint(creator, { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, config: config() });
    http.close();
    expect(result).toEqual({ ok: false, message: "The endpoint answered HTTP 404 Not Found instead of upgrading to WebSocket." });
  });

  it("refuses a subscriber", async () => {
    const e = await refusal(testEndpoint(await makeUser(["SUBSCRIBER"]), { url: backendUrl, config: config() }));
    expect(e.code).toBe("FORBIDDEN");
  });
});

describe("saveEndpoints", () => {
  async function newApi(endpoint = "") {
    const admin = await makeUser(["ADMIN"]);
    const name = unique("Api");
    return { admin, api: await createApi(admin, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint, plans: ["Gold"] }) };
  }

  it("writes production and sandbox endpoints with their settings (the working copy: a deploy takes them to the gateways)", async () => {
    const { admin, api } = await newApi();
    await saveEndpoints(admin, {
      apiId: api.id,
      production: { url: "ws://prod:7070", config: config({ connectTimeoutMs: 2000, retries: { count: 3, delayMs: 500 } }) },
      sandbox: { url: "wss://sandbox:7443", config: config({ verifyTls: false }) },
    });
    const rows = await db.endpoint.findMany({ where: { apiId: api.id }, orderBy: { type: "asc" } });
    expect(rows.map((r) => [r.type, r.url])).toEqual([["PRODUCTION", "ws://prod:7070"], ["SANDBOX", "wss://sandbox:7443"]]);
    expect(endpointConfig(rows[0].config)).toMatchObject({ connectTimeoutMs: 2000, retries: { count: 3, delayMs: 500 } });
    expect(endpointConfig(rows[1].config).verifyTls).toBe(false);

    await saveEndpoints(admin, { apiId: api.id, production: { url: "ws://prod:7070", config: config() }, sandbox: { url: "", config: config() } });
    expect(await db.endpoint.count({ where: { apiId: api.id, type: "SANDBOX" } })).toBe(0);
  });

  it("refuses removing the production endpoint of a published API, on that field", async () => {
    const { admin, api } = await newApi("ws://prod:7070");
    await changeLifecycle(admin, api.id, "Publish");
    const e = await refusal(saveEndpoints(admin, { apiId: api.id, production: { url: "", config: config() }, sandbox: { url: "", config: config() } }));
    expect([e.code, e.field, e.message]).toEqual(["INVALID", "production.url", "A published API needs a production endpoint."]);
  });

  it("refuses settings out of range and a reserved header", async () => {
    const { admin, api } = await newApi();
    await expect(saveEndpoints(admin, { apiId: api.id, production: { url: "ws://p", config: config({ connectTimeoutMs: 5 }) }, sandbox: { url: "", config: config() } })).rejects.toThrow("At least 100 ms.");
    await expect(
      saveEndpoints(admin, { apiId: api.id, production: { url: "ws://p", config: config({ headers: [{ name: "Host", value: "x" }] }) }, sandbox: { url: "", config: config() } }),
    ).rejects.toThrow("The gateway sets this header itself.");
  });

  it("refuses a publisher without the creator role", async () => {
    const { api } = await newApi();
    const e = await refusal(saveEndpoints(await makeUser(["PUBLISHER"]), { apiId: api.id, production: { url: "ws://p", config: config() }, sandbox: { url: "", config: config() } }));
    expect(e.code).toBe("FORBIDDEN");
  });
});
