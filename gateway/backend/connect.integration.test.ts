// The backend is reached before the client's handshake is answered, so its failures are
// HTTP statuses with reasons, never an open-then-close.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { db } from "../../lib/db";
import { closeWebSocketServer, deadPort, deploy, open, openOk, servedApi, silentServer, gatewayWithBackend } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

describe("backend connection", () => {
  it("answers 502 when nothing listens at the backend", async () => {
    const served = await servedApi(gateway, `ws://127.0.0.1:${await deadPort()}`);
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({
      opened: false,
      status: 502,
      body: { error: "backend_unavailable", message: "The API's backend could not be reached." },
    });
  });

  it("answers 502 when the backend refuses the WebSocket handshake", async () => {
    const refusing = new WebSocketServer({ port: 0, host: "127.0.0.1", verifyClient: () => false });
    await once(refusing, "listening");
    const served = await servedApi(gateway, `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}`);
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({ opened: false, status: 502, body: { error: "backend_refused" } });
    await closeWebSocketServer(refusing);
  });

  it("answers 504 when the backend does not answer within the endpoint's connect timeout", async () => {
    const silent = await silentServer();
    const served = await servedApi(gateway, `ws://127.0.0.1:${silent.port}`);
    await db.endpoint.updateMany({ where: { apiId: served.api.id }, data: { config: { connectTimeoutMs: 200 } } });
    await deploy(gateway, served.api, served.admin, (s) => s.routes.get(served.path)?.endpoints.PRODUCTION?.connectTimeoutMs === 200);
    const r = await open(served.url, { token: served.token });
    expect(r).toMatchObject({ opened: false, status: 504, body: { error: "backend_timeout" } });
    await silent.close();
  });

  it("sends a sandbox token to the sandbox endpoint, and refuses it with 502 when there is none", async () => {
    const served = await servedApi(gateway, backend.url, "SANDBOX");
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 502, body: { error: "no_endpoint" } });

    await db.endpoint.create({ data: { apiId: served.api.id, type: "SANDBOX", url: `${backend.url}/sandbox` } });
    await deploy(gateway, served.api, served.admin, (s) => !!s.routes.get(served.path)?.endpoints.SANDBOX);
    const ws = await openOk(served.url, { token: served.token });
    expect(backend.requests.at(-1)!.url).toBe("/sandbox");
    ws.close();
  });
});
